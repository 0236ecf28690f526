/**
 * MQTT topics of coldtrace and of the AWS IoT services it speaks (device shadow, fleet
 * provisioning), in one place so the agent, the broker's ACL and the backend agree.
 */
export const Topics = {
    telemetry: (sensorId: string) => `coldtrace/sensors/${sensorId}/telemetry`,
    ack: (sensorId: string) => `coldtrace/sensors/${sensorId}/ack`,
    /** Subscription of the detector: every sensor's telemetry. */
    allTelemetry: 'coldtrace/sensors/+/telemetry',
    shadow: (thingName: string, operation: 'get' | 'update', result?: 'accepted' | 'rejected' | 'delta') =>
        `$aws/things/${thingName}/shadow/${operation}${result ? `/${result}` : ''}`,
    /** Subscription of the shadow service: every device's get and update requests. */
    allShadowRequests: ['$aws/things/+/shadow/get', '$aws/things/+/shadow/update'],
    createFromCsr: (result?: 'accepted' | 'rejected') => `$aws/certificates/create-from-csr/json${result ? `/${result}` : ''}`,
    provision: (templateName: string, result?: 'accepted' | 'rejected') => `$aws/provisioning-templates/${templateName}/provision/json${result ? `/${result}` : ''}`,
} as const;

/** The sensor id in `coldtrace/sensors/{sensorId}/telemetry`, or undefined for another topic. */
export function sensorOfTelemetryTopic(topic: string): string | undefined {
    const match = /^coldtrace\/sensors\/([^/]+)\/telemetry$/.exec(topic);
    return match?.[1];
}

/** The thing name and operation of a shadow request topic, or undefined. */
export function shadowRequestOf(topic: string): { thingName: string; operation: 'get' | 'update' } | undefined {
    const [, thingName, operation] = /^\$aws\/things\/([^/]+)\/shadow\/(get|update)$/.exec(topic) ?? [];
    return thingName !== undefined && (operation === 'get' || operation === 'update') ? { thingName, operation } : undefined;
}

/**
 * Whether an MQTT topic filter matches a topic (`+` one level, `#` the rest), as a broker decides
 * which subscriptions receive a message.
 *
 * @example
 * topicMatches(Topics.allTelemetry, 'coldtrace/sensors/T-1/telemetry'); // true
 */
export function topicMatches(filter: string, topic: string): boolean {
    const f = filter.split('/');
    const t = topic.split('/');
    for (let i = 0; i < f.length; i++) {
        if (f[i] === '#') {
            return true;
        }
        if (f[i] !== '+' && f[i] !== t[i]) {
            return false;
        }
    }
    return f.length === t.length;
}
