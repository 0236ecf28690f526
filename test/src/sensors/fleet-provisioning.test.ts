import { readFileSync } from 'node:fs';
import { connectTls } from '@coldtrace/telemetry';
import { claimClientId } from '@coldtrace/iot-sensor';
import { describeFleetProvisioning } from './fleet-provisioning-suite';

describeFleetProvisioning('aedes', (fixture) => {
    // On aedes and Mosquitto a publish outside the ACL ends the connection (NATS drops the message instead; nats-acl.spec covers it).
    it('lets the claim certificate do nothing but provision', async () => {
        const { claim, brokerUrl, ca } = fixture().pipeline;
        const client = await connectTls(
            brokerUrl,
            ca.certificatePem,
            {
                certificatePem: readFileSync(claim.certificatePath, 'utf8'),
                privateKeyPem: readFileSync(claim.privateKeyPath, 'utf8'),
            },
            { clientId: claimClientId('FLEET-3') },
        );
        const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
        client.publish('coldtrace/sensors/coldtrace-fleet-claim/telemetry', '{}', { qos: 1 });
        await closed;
    });
});
