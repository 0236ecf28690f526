export { DeviceCertificateAuthority, type IssuedCredentials, type IssueOptions, identityOfSubject } from './device-ca/device-certificate-authority';
export type { DeviceIdentity, DeviceIdentityKind } from './device-ca/device-identity-kind';
export { InvalidCsrError } from './device-ca/invalid-csr-error';
export { EmbeddedBroker, type EmbeddedBrokerOptions, type BrokerRefusal } from './broker/embedded-broker';
export { mayPublish, maySubscribe } from './broker/topic-acl';
export { connectTls } from './testing/tls-mqtt-client';
