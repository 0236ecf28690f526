import type { DeviceConnection } from '../agent/device-connection';
import { Topics } from '../protocol/topics';
import { createDeviceKey, holdsKeyOf } from './device-key';

/** The outcome of fleet provisioning: the device's own credentials and its thing name. */
export interface ProvisionedCredentials {
    thingName: string;
    certificatePem: string;
    privateKeyPem: string;
}

/** The broker refused a provisioning step; `errorCode` is AWS IoT's (AccessDenied, InvalidCsr, …). */
export class FleetProvisioningError extends Error {
    override name = 'FleetProvisioningError';

    constructor(
        readonly step: 'create-from-csr' | 'provision',
        readonly errorCode: string,
        message: string,
    ) {
        super(`fleet provisioning (${step}) refused: ${errorCode}: ${message}`);
    }
}

/**
 * Fleet provisioning by claim, the device side, on AWS IoT's MQTT topics and payloads: over a
 * connection made with the fleet's claim certificate, it sends a CSR for a key made here (the key
 * never leaves the device), receives its certificate and an ownership token, and registers the
 * thing with the provisioning template.
 *
 * @example
 * const claim = new AwsIotDeviceConnection({ ...endpoint, clientId: claimClientId('T-1'), certificatePem: claimCert, privateKeyPem: claimKey });
 * await claim.connect();
 * const credentials = await provisionByClaim(claim, 'T-1', 'coldtrace-sensor');
 */
export async function provisionByClaim(connection: DeviceConnection, sensorId: string, templateName: string, timeoutMs = 15_000): Promise<ProvisionedCredentials> {
    const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
    const created = await request<{ certificatePem: string; certificateOwnershipToken: string }>(
        connection,
        'create-from-csr',
        Topics.createFromCsr(),
        { certificateSigningRequest: csrPem },
        // Answers go to a topic all claim holders share: ours is the certificate for our key.
        (body) => typeof body.certificatePem === 'string' && body.certificatePem.length > 0 && holdsKeyOf(body.certificatePem, csrPem),
        timeoutMs,
    );
    const registered = await request<{ thingName: string }>(
        connection,
        'provision',
        Topics.provision(templateName),
        { certificateOwnershipToken: created.certificateOwnershipToken, parameters: { SerialNumber: sensorId } },
        (body) => body.thingName === sensorId,
        timeoutMs,
    );
    return { thingName: registered.thingName, certificatePem: created.certificatePem, privateKeyPem };
}

async function request<T>(
    connection: DeviceConnection,
    step: FleetProvisioningError['step'],
    topic: string,
    body: object,
    mine: (answer: Record<string, unknown>) => boolean,
    timeoutMs: number,
): Promise<T> {
    let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
    const answer = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    // A refusal can arrive before the publish below is acknowledged, i.e. before anyone awaits the answer:
    // without a handler now it would be an unhandled rejection (which ends a Node process).
    answer.catch(() => undefined);
    await connection.subscribe(`${topic}/accepted`, (_t, payload) => {
        const parsed = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
        if (mine(parsed)) {
            settle.resolve(parsed as T);
        }
    });
    await connection.subscribe(`${topic}/rejected`, (_t, payload) => {
        const parsed = JSON.parse(payload.toString('utf8')) as { errorCode?: string; errorMessage?: string };
        settle.reject(new FleetProvisioningError(step, parsed.errorCode ?? 'Unknown', parsed.errorMessage ?? ''));
    });
    await connection.publish(topic, JSON.stringify(body));
    const timer = setTimeout(() => settle.reject(new FleetProvisioningError(step, 'Timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
        return await answer;
    } finally {
        clearTimeout(timer);
    }
}
