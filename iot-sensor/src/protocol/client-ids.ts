/** The CN of the fleet's claim certificate, which every device holds while it provisions by claim. */
export const CLAIM_COMMON_NAME = 'coldtrace-fleet-claim';

/**
 * The MQTT client id a device connects with while it provisions by claim: the claim certificate's
 * CN, `:` and its sensor id, so devices provisioning at once do not take over each other's
 * session. A broker session belongs to its client id, so coldtrace's broker binds the id to the
 * certificate: a device or service connects only as its CN, a claim holder only like this.
 *
 * @example
 * claimClientId('T-1'); // 'coldtrace-fleet-claim:T-1'
 */
export function claimClientId(sensorId: string): string {
    return `${CLAIM_COMMON_NAME}:${sensorId}`;
}
