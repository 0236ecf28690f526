import { DeviceCertificateAuthority } from '@coldtrace/telemetry';

/**
 * A child of `issueDevices`: opens the server's device CA from its data directory, issues a key and
 * certificate for each sensor id it is sent, and sends the credentials back.
 */
process.on('message', async (message: { caDir: string; sensorIds: string[] }) => {
    const ca = await DeviceCertificateAuthority.openOrCreate(message.caDir);
    const issued = [];
    for (const sensorId of message.sensorIds) {
        const { certificatePem, privateKeyPem } = await ca.issue({ commonName: sensorId, kind: 'device' });
        issued.push({ sensorId, certificatePem, privateKeyPem, caPem: ca.certificatePem });
        if (issued.length % 500 === 0) {
            process.send!({ progress: 500 });
        }
    }
    process.send!({ issued }, () => process.exit(0));
});
