export { AmbError, explainAwsError } from './amb-error';
export { ambProfile, type AmbProfileRequest } from './amb-profile';
export { certificateAttributes, enroll, register, writeWalletIdentity, type CaConnection, type EnrolledIdentity, type Registration } from './fabric-ca-enrollment';
