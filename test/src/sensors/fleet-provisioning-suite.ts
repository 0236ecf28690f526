import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { connectTls, PROVISIONING_TEMPLATE } from '@coldtrace/telemetry';
import { claimClientId, type FleetProvisioningError, provisionByClaim } from '@coldtrace/iot-sensor';
import { type BrokerKind, PipelineFixture } from './pipeline-fixture';

/**
 * Fleet provisioning by claim on a broker: a registered sensor's new certificate is let in by the
 * broker right away (on NATS, the pipeline adds the device to the server's users before answering).
 */
export function describeFleetProvisioning(brokerKind: BrokerKind, more?: (fixture: () => PipelineFixture) => void): void {
    describe(`fleet provisioning by claim over MQTT (AWS IoT topics, served by coldtrace) on ${brokerKind}`, function () {
        this.timeout(30_000);
        let fixture: PipelineFixture;

        before(async () => {
            fixture = await PipelineFixture.start({}, brokerKind);
        });
        after(() => fixture.close());

        it('gives a registered sensor its own certificate, which then speaks for it on the broker', async () => {
            fixture.pipeline.registry.register('FLEET-1', { mspId: 'CarrierMSP', user: 'dispatch' });
            const credentials = await provisionByClaim(await fixture.claimConnection(claimClientId('FLEET-1')), 'FLEET-1', PROVISIONING_TEMPLATE);
            assert.equal(credentials.thingName, 'FLEET-1');
            assert.match(new X509Certificate(credentials.certificatePem).subject, /OU=device\nCN=FLEET-1/);
            const device = await connectTls(fixture.pipeline.brokerUrl, fixture.pipeline.ca.certificatePem, credentials, { clientId: 'FLEET-1' });
            await device.publishAsync('coldtrace/sensors/FLEET-1/telemetry', '{}', { qos: 1 });
            device.end(true);
        });

        it('refuses an unregistered sensor and a second certificate for the same sensor', async () => {
            const claim = await fixture.claimConnection(claimClientId('FLEET-2'));
            await assert.rejects(provisionByClaim(claim, 'FLEET-UNKNOWN', PROVISIONING_TEMPLATE), (e: FleetProvisioningError) => e.errorCode === 'AccessDenied');
            fixture.pipeline.registry.register('FLEET-2', { mspId: 'CarrierMSP', user: 'dispatch' });
            await provisionByClaim(claim, 'FLEET-2', PROVISIONING_TEMPLATE);
            await assert.rejects(provisionByClaim(claim, 'FLEET-2', PROVISIONING_TEMPLATE), (e: FleetProvisioningError) => e.errorCode === 'ResourceAlreadyExists');
        });

        more?.(() => fixture);
    });
}
