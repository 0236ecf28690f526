import { describeFleetProvisioning } from '../fleet-provisioning-suite';

// No hand-kept users: the pipeline (configDir) adds each device it certifies to nats-server's users and waits for the reload.
describeFleetProvisioning('nats');
