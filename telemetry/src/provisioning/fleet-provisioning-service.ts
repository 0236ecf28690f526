import { X509Certificate, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { Topics } from '@coldtrace/iot-sensor/protocol';
import type { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import type { SensorRegistry } from './sensor-registry';

/** The provisioning template name devices ask for, as on AWS IoT. */
export const PROVISIONING_TEMPLATE = 'coldtrace-sensor';

/**
 * Fleet provisioning by claim, served by coldtrace on the local broker with AWS IoT's topics and
 * payloads, so a device's provisioning code runs unchanged against AWS IoT Core. A device that
 * holds the fleet's claim certificate sends a CSR (`$aws/certificates/create-from-csr/json`) whose
 * CN is its sensor id; coldtrace signs it only for a sensor a carrier registered and that has no
 * certificate yet, and answers with the certificate and an ownership token that the device then
 * presents to `$aws/provisioning-templates/coldtrace-sensor/provision/json` to get its thing name
 * and configuration.
 *
 * Limitation: the answers go to topics every claim holder may read (AWS routes them to the
 * requesting connection only); they hold no secret beyond the certificate, which is public.
 *
 * @example
 * const service = new FleetProvisioningService({ client, ca, registry });
 * await service.start();
 */
export class FleetProvisioningService {
    readonly #tokenKey = randomBytes(32);

    readonly #deps: { client: MqttClient; ca: DeviceCertificateAuthority; registry: SensorRegistry };

    constructor(deps: { client: MqttClient; ca: DeviceCertificateAuthority; registry: SensorRegistry }) {
        this.#deps = deps;
    }

    async start(): Promise<void> {
        const { client } = this.#deps;
        client.on('message', (topic, payload) => {
            if (topic === Topics.createFromCsr()) {
                void this.#createFromCsr(payload);
            } else {
                const template = /^\$aws\/provisioning-templates\/([^/]+)\/provision\/json$/.exec(topic)?.[1];
                if (template !== undefined) {
                    this.#provision(template, payload);
                }
            }
        });
        await client.subscribeAsync([Topics.createFromCsr(), Topics.provision('+')], { qos: 1 });
    }

    async #createFromCsr(payload: Buffer): Promise<void> {
        const reject = (statusCode: number, errorCode: string, errorMessage: string) => this.#answer(Topics.createFromCsr('rejected'), { statusCode, errorCode, errorMessage });
        let csrPem: unknown;
        try {
            csrPem = (JSON.parse(payload.toString('utf8')) as { certificateSigningRequest?: unknown }).certificateSigningRequest;
        } catch {
            return reject(400, 'InvalidPayload', 'the request is not JSON');
        }
        if (typeof csrPem !== 'string') {
            return reject(400, 'InvalidPayload', 'certificateSigningRequest must be a PEM string');
        }
        const sensorId = this.#deps.ca.commonNameOfCsr(csrPem);
        const sensor = sensorId ? this.#deps.registry.get(sensorId) : undefined;
        if (!sensorId || !sensor) {
            return reject(403, 'AccessDenied', `the CSR's CN must be a registered sensor id${sensorId ? `; ${sensorId} is not registered` : ''}`);
        }
        if (sensor.certificates > 0) {
            return reject(409, 'ResourceAlreadyExists', `sensor ${sensorId} already has a certificate; renew it through the API`);
        }
        try {
            const { certificatePem } = await this.#deps.registry.certify(sensorId, csrPem, { mspId: sensor.owner });
            const certificateId = new X509Certificate(certificatePem).fingerprint256.replace(/:/g, '').toLowerCase();
            this.#answer(Topics.createFromCsr('accepted'), { certificateId, certificatePem, certificateOwnershipToken: this.#token(certificateId, sensorId) });
        } catch (error) {
            reject(400, 'InvalidCsr', (error as Error).message);
        }
    }

    #provision(templateName: string, payload: Buffer): void {
        const reject = (statusCode: number, errorCode: string, errorMessage: string) =>
            this.#answer(Topics.provision(templateName, 'rejected'), { statusCode, errorCode, errorMessage });
        if (templateName !== PROVISIONING_TEMPLATE) {
            return reject(404, 'ResourceNotFound', `no provisioning template ${templateName}; use ${PROVISIONING_TEMPLATE}`);
        }
        let request: { certificateOwnershipToken?: unknown; parameters?: { SerialNumber?: unknown } };
        try {
            request = JSON.parse(payload.toString('utf8'));
        } catch {
            return reject(400, 'InvalidPayload', 'the request is not JSON');
        }
        const sensorId = request.parameters?.SerialNumber;
        const token = request.certificateOwnershipToken;
        if (typeof sensorId !== 'string' || typeof token !== 'string' || !this.#validToken(token, sensorId)) {
            return reject(403, 'AccessDenied', 'the ownership token does not belong to a certificate of this SerialNumber');
        }
        this.#answer(Topics.provision(templateName, 'accepted'), { thingName: sensorId, deviceConfiguration: {} });
    }

    /** `<certificateId>.<hmac>`: proves the certificate came from this service for that sensor. */
    #token(certificateId: string, sensorId: string): string {
        return `${certificateId}.${createHmac('sha256', this.#tokenKey).update(`${certificateId}\u0000${sensorId}`).digest('hex')}`;
    }

    #validToken(token: string, sensorId: string): boolean {
        const [certificateId] = token.split('.');
        const expected = Buffer.from(this.#token(certificateId ?? '', sensorId));
        const given = Buffer.from(token);
        return expected.length === given.length && timingSafeEqual(expected, given);
    }

    #answer(topic: string, body: object): void {
        this.#deps.client.publish(topic, JSON.stringify(body), { qos: 1 });
    }
}
