import { openOrCreateDeviceCertificateAuthority } from '@coldtrace/telemetry';

/**
 * A child of `issueDevices`: opens the server's device CA from its data directory, issues a key and
 * certificate for each sensor id it is sent, and sends the credentials back.
 */
async function issue(message: { caDir: string; sensorIds: string[] }): Promise<void> {
    const ca = await openOrCreateDeviceCertificateAuthority(message.caDir);
    const issued = [];
    for (const sensorId of message.sensorIds) {
        const { certificatePem, privateKeyPem } = await ca.issue({ commonName: sensorId, kind: 'device' });
        issued.push({ sensorId, certificatePem, privateKeyPem, caPem: ca.certificatePem });
        if (issued.length % 500 === 0) {
            process.send!({ progress: 500 });
        }
    }
    process.send!({ issued }, () => process.exit(0));
}

process.on('message', (message: { caDir: string; sensorIds: string[] }) => {
    // A failure ends the child with its error, so the parent sees it exit non-zero.
    issue(message).catch((error: unknown) => {
        console.error(error);
        process.exit(1);
    });
});
