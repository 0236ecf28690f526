/** An AWS IoT Core policy document as AWS documents it (IAM policy grammar, iot:* actions). */
export interface IotPolicyDocument {
    Version: '2012-10-17';
    Statement: { Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> }[];
}

/** A connection's identity as IoT Core resolves policy variables for it. */
export interface IotConnection {
    thingName?: string;
}

const ARN_PREFIX = 'arn:aws:iot:us-east-1:123456789012:';

/**
 * Whether a policy lets a connection perform `action` on `resource` (`client/ID`, `topic/NAME`,
 * `topicfilter/FILTER`), evaluated the way IoT Core does it: `${iot:Connection.Thing.ThingName}`
 * replaced by the connection's thing, `*` and `?` as wildcards of the ARN, an explicit Deny winning.
 * Conditions are taken as met (IsAttached holds for a provisioned device). Enough to check that
 * coldtrace's topics and client ids are what the shipped policies name; not AWS's evaluator.
 *
 * @example
 * allows(policy, { thingName: 'T-1' }, 'iot:Publish', 'topic/coldtrace/sensors/T-1/telemetry'); // true
 */
export function allows(policy: IotPolicyDocument, connection: IotConnection, action: string, resource: string): boolean {
    const arn = ARN_PREFIX + resource;
    const matching = policy.Statement.filter((statement) => {
        const actions = ([] as string[]).concat(statement.Action);
        const resources = ([] as string[]).concat(statement.Resource);
        return actions.some((a) => wildcard(a).test(action)) && resources.some((r) => resourcePattern(r, connection)?.test(arn));
    });
    return matching.length > 0 && matching.every((statement) => statement.Effect === 'Allow');
}

function resourcePattern(resource: string, connection: IotConnection): RegExp | undefined {
    // A variable without a value makes the statement not apply, as in IoT Core.
    if (resource.includes('${iot:Connection.Thing.ThingName}') && !connection.thingName) {
        return undefined;
    }
    const parts = resource.split('${iot:Connection.Thing.ThingName}');
    return new RegExp(`^${parts.map((part) => wildcard(part).source.slice(1, -1)).join(escape(connection.thingName ?? ''))}$`);
}

function wildcard(pattern: string): RegExp {
    return new RegExp(
        `^${pattern
            .split('*')
            .map((piece) => piece.split('?').map(escape).join('.'))
            .join('.*')}$`,
    );
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
