import 'reflect-metadata';
import assert from 'node:assert/strict';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { io } from 'aws-iot-device-sdk-v2';
import { awsIotMqttConfigBuilder } from './aws-iot-device-connection';
import { awsIotMqtt5ConfigBuilder } from './aws-iot-mqtt5-device-connection';
import type { DeviceEndpoint } from './device-connection';

const IOT_CORE = 'abc123example-ats.iot.eu-west-1.amazonaws.com';

/** A device identity good enough for the SDK to build its TLS context (nothing connects). */
async function deviceEndpoint(port: number): Promise<DeviceEndpoint> {
    const crypto = webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>;
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
        { serialNumber: '01', name: 'CN=T-1', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z'), keys, signingAlgorithm: algorithm },
        crypto,
    );
    const privateKeyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { host: IOT_CORE, port, clientId: 'T-1', caPem: certificate.toString('pem'), certificatePem: certificate.toString('pem'), privateKeyPem };
}

/** The ALPN list a builder will offer; the SDK keeps it in a field its typings mark private. */
function alpnOf(builder: object): string[] {
    const options = builder as { tls_ctx_options?: { alpn_list: string[] }; tlsContextOptions?: { alpn_list: string[] } };
    return (options.tls_ctx_options ?? options.tlsContextOptions)?.alpn_list ?? [];
}

describe('device connection settings for AWS IoT Core (port 443 with ALPN x-amzn-mqtt-ca, or 8883)', () => {
    it('runs where the SDK can offer ALPN', () => {
        assert.equal(io.is_alpn_available(), true);
    });

    for (const port of [443, 8883]) {
        it(`MQTT 3.1.1 on port ${port}: the IoT Core endpoint, the thing name as client id, ALPN x-amzn-mqtt-ca`, async () => {
            const builder = awsIotMqttConfigBuilder(await deviceEndpoint(port));
            assert.ok(alpnOf(builder).includes('x-amzn-mqtt-ca'));
            const config = builder.build();
            assert.equal(config.host_name, IOT_CORE);
            assert.equal(config.port, port);
            assert.equal(config.client_id, 'T-1');
            assert.equal(config.clean_session, false);
            assert.equal(config.use_websocket, false);
        });

        it(`MQTT 5 on port ${port}: the same`, async () => {
            const builder = awsIotMqtt5ConfigBuilder(await deviceEndpoint(port));
            assert.ok(alpnOf(builder).includes('x-amzn-mqtt-ca'));
            const config = builder.build();
            assert.equal(config.hostName, IOT_CORE);
            assert.equal(config.port, port);
            assert.equal(config.connectProperties?.clientId, 'T-1');
        });
    }
});
