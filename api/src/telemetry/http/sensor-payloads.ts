import { z } from 'zod';
import { SensorId } from '@coldtrace/iot-sensor/protocol';

export const RegisterSensorBody = z.strictObject({ sensorId: SensorId });
export type RegisterSensorBody = z.infer<typeof RegisterSensorBody>;

export const SensorParams = z.strictObject({ id: SensorId });

export const CertificateRequestBody = z.strictObject({
    csrPem: z.string().min(100).max(16_384).regex(/-----BEGIN CERTIFICATE REQUEST-----/, 'must be a PEM-encoded PKCS#10 request'),
});
export type CertificateRequestBody = z.infer<typeof CertificateRequestBody>;

/** What `POST /sensors/{id}/certificate` answers: the device certificate and the CA to trust. */
export interface IssuedDeviceCertificate {
    certificatePem: string;
    caPem: string;
}
