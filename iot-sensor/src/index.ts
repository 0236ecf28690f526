export * from './protocol';
export { DurableQueue, type DurableQueueOptions } from './agent/durable-queue';
export type { DeviceConnection, DeviceEndpoint } from './agent/device-connection';
export { AwsIotDeviceConnection, type AwsIotConnectionOptions } from './agent/aws-iot-device-connection';
export { SensorAgent, type SensorAgentOptions, type ReadingInput } from './agent/sensor-agent';
export { ShadowClient } from './agent/shadow-client';
export { createDeviceKey, type DeviceKey } from './provisioning/device-key';
export { provisionByClaim, FleetProvisioningError, type ProvisionedCredentials } from './provisioning/fleet-provisioning-client';
export * from './sim';
