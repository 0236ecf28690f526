import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROVISIONING_TEMPLATE } from '@coldtrace/telemetry';
import { claimClientId, type DeviceConnection, newSensorAgent, openDurableQueue, topicMatches, Topics } from '@coldtrace/iot-sensor';
import { allows, type IotPolicyDocument } from './aws-iot/iot-policy';
import { TelemetryBatchBody } from '@coldtrace/api/contract';
import { Reading } from '@coldtrace/iot-sensor/protocol';
import { entry } from './harness/elements';

// deploy/aws-iot holds what an operator loads into AWS IoT Core; AWS itself is not reachable from
// the test host, so the files are checked against the shapes AWS documents and against the
// topics and client ids coldtrace's device agent really uses.
const DEPLOY = resolve(__dirname, '..', '..', 'deploy', 'aws-iot');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(DEPLOY, file), 'utf8')) as T;
const THING_VARIABLE = '${iot:Connection.Thing.ThingName}';
const IOT_ACTIONS = ['iot:Connect', 'iot:Publish', 'iot:Subscribe', 'iot:Receive'];

/** Records what the agent connects, publishes and subscribes to, as the broker would see it. */
class RecordingConnection implements DeviceConnection {
    readonly published: string[] = [];
    readonly subscribed: string[] = [];
    online = false;
    async connect(): Promise<void> {
        this.online = true;
    }
    async publish(topic: string): Promise<void> {
        this.published.push(topic);
    }
    async subscribe(topic: string): Promise<void> {
        this.subscribed.push(topic);
    }
    onConnectionChange(): void {}
    async disconnect(): Promise<void> {
        this.online = false;
    }
}

function checkPolicyShape(policy: IotPolicyDocument): void {
    assert.equal(policy.Version, '2012-10-17');
    assert.ok(Array.isArray(policy.Statement) && policy.Statement.length > 0);
    for (const statement of policy.Statement) {
        assert.ok(['Allow', 'Deny'].includes(statement.Effect));
        for (const action of ([] as string[]).concat(statement.Action)) {
            assert.ok(IOT_ACTIONS.includes(action), `unexpected action ${action}`);
        }
        for (const resource of ([] as string[]).concat(statement.Resource)) {
            assert.match(resource, /^arn:aws:iot:[^:]*:[^:]*:(client|topic|topicfilter)\/.+/);
        }
    }
}

describe('deploy/aws-iot: AWS IoT Core policies, fleet provisioning template and telemetry rule', () => {
    const device = read<IotPolicyDocument>('device-policy.json');
    const claim = read<IotPolicyDocument>('claim-policy.json');
    const service = read<IotPolicyDocument>('service-policy.json');

    it("are IoT policy documents as AWS documents them, the device one keyed on the connection's thing name", () => {
        [device, claim, service].forEach(checkPolicyShape);
        const deviceResources = device.Statement.flatMap((statement) => ([] as string[]).concat(statement.Resource));
        assert.ok(
            deviceResources.every((resource) => resource.includes(THING_VARIABLE)),
            "every device resource names the connection's own thing",
        );
    });

    it('let a device do exactly what the sensor agent does, under its own thing name only', async () => {
        const sensorId = 'reefer-7.a:1';
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-aws-iot-'));
        const connection = new RecordingConnection();
        const agent = newSensorAgent({ sensorId, connection, queue: openDurableQueue(dir) });
        try {
            await agent.start();
            agent.record({ ts: '2026-11-20T10:00:00.000Z', tempC: 4.2, lat: 52.37, lon: 4.89 });
            await new Promise((settle) => setImmediate(settle));
        } finally {
            await agent.stop();
            rmSync(dir, { recursive: true, force: true });
        }
        assert.ok(connection.published.includes(Topics.telemetry(sensorId)), 'the agent published a reading');
        const me = { thingName: sensorId };
        assert.ok(allows(device, me, 'iot:Connect', `client/${sensorId}`));
        for (const topic of connection.published) {
            assert.ok(allows(device, me, 'iot:Publish', `topic/${topic}`), `publish ${topic}`);
            assert.ok(!allows(device, { thingName: 'other' }, 'iot:Publish', `topic/${topic}`), `another thing publishing ${topic}`);
        }
        for (const filter of connection.subscribed) {
            assert.ok(allows(device, me, 'iot:Subscribe', `topicfilter/${filter}`), `subscribe ${filter}`);
            assert.ok(allows(device, me, 'iot:Receive', `topic/${filter}`), `receive ${filter}`);
            assert.ok(!allows(device, { thingName: 'other' }, 'iot:Subscribe', `topicfilter/${filter}`), `another thing subscribing ${filter}`);
        }
        // Nothing of another device, no wildcard subscriptions, no connection as another client or without a thing.
        assert.ok(!allows(device, me, 'iot:Connect', 'client/other'));
        assert.ok(!allows(device, {}, 'iot:Connect', `client/${sensorId}`));
        assert.ok(!allows(device, me, 'iot:Publish', `topic/${Topics.telemetry('other')}`));
        assert.ok(!allows(device, me, 'iot:Subscribe', `topicfilter/${Topics.allTelemetry}`));
        assert.ok(!allows(device, me, 'iot:Receive', `topic/${Topics.ack('other')}`));
    });

    it('let a claim holder connect and provision with the template the device asks for, and nothing else', () => {
        const anyone = {};
        assert.ok(allows(claim, anyone, 'iot:Connect', `client/${claimClientId('T-1')}`));
        assert.ok(!allows(claim, anyone, 'iot:Connect', 'client/T-1'));
        for (const topic of [Topics.createFromCsr(), Topics.provision(PROVISIONING_TEMPLATE)]) {
            assert.ok(allows(claim, anyone, 'iot:Publish', `topic/${topic}`), topic);
        }
        for (const result of ['accepted', 'rejected'] as const) {
            for (const topic of [Topics.createFromCsr(result), Topics.provision(PROVISIONING_TEMPLATE, result)]) {
                assert.ok(allows(claim, anyone, 'iot:Subscribe', `topicfilter/${topic}`), topic);
                assert.ok(allows(claim, anyone, 'iot:Receive', `topic/${topic}`), topic);
            }
        }
        assert.ok(!allows(claim, anyone, 'iot:Publish', `topic/${Topics.telemetry('T-1')}`));
        assert.ok(!allows(claim, anyone, 'iot:Publish', `topic/${Topics.provision('another-template')}`));
    });

    it("let coldtrace's backend publish acknowledgements to any sensor, and nothing else", () => {
        assert.ok(allows(service, {}, 'iot:Publish', `topic/${Topics.ack('T-1')}`));
        assert.ok(!allows(service, {}, 'iot:Publish', `topic/${Topics.telemetry('T-1')}`));
        assert.ok(!allows(service, {}, 'iot:Connect', 'client/T-1'));
    });

    it("provisions a thing named by the device's serial number (its sensor id) with the device policy", () => {
        const template = read<{ Parameters: Record<string, { Type: string }>; Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }>(
            'provisioning-template.json',
        );
        assert.deepEqual(template.Parameters, { SerialNumber: { Type: 'String' }, 'AWS::IoT::Certificate::Id': { Type: 'String' } });
        const byType = Object.fromEntries(Object.values(template.Resources).map((resource) => [resource.Type, resource.Properties]));
        assert.deepEqual(Object.keys(byType).sort(), ['AWS::IoT::Certificate', 'AWS::IoT::Policy', 'AWS::IoT::Thing']);
        // The device sends its sensor id as SerialNumber (provisionByClaim) and connects with it as client id.
        assert.deepEqual(entry(byType, 'AWS::IoT::Thing').ThingName, { Ref: 'SerialNumber' });
        assert.deepEqual(byType['AWS::IoT::Certificate'], { CertificateId: { Ref: 'AWS::IoT::Certificate::Id' }, Status: 'ACTIVE' });
        assert.equal(entry(byType, 'AWS::IoT::Policy').PolicyName, 'coldtrace-device');
    });

    it("forward every sensor's readings to coldtrace's HTTP ingestion with the carrier's token", () => {
        const rule = read<{ sql: string; awsIotSqlVersion: string; actions: { http?: { url: string; headers: { key: string; value: string }[] } }[] }>('telemetry-rule.json');
        const from = /FROM '([^']+)'/.exec(rule.sql)?.[1];
        assert.equal(from, Topics.allTelemetry);
        assert.ok(topicMatches(from, Topics.telemetry('reefer-7.a:1')));
        assert.ok(!topicMatches(from, Topics.ack('reefer-7.a:1')));
        assert.equal(rule.awsIotSqlVersion, '2016-03-23');
        const http = rule.actions.map((action) => action.http).find(Boolean);
        assert.ok(http);
        assert.match(http.url, /^https:\/\/[^/]+\/api\/v1\/telemetry$/);
        const headers = Object.fromEntries(http.headers.map((header) => [header.key.toLowerCase(), header.value]));
        assert.match(entry(headers, 'authorization'), /^Bearer \S+$/);
        // The body is POST /telemetry's: `readings` of one reading whose every field the rule names,
        // its sensor id from the topic the device policy binds to the thing name (not the payload's word).
        const selected = /^SELECT \[\{(.*)\}\] AS readings FROM /.exec(rule.sql)?.[1];
        assert.ok(selected, rule.sql);
        const fields = Object.fromEntries(selected.split(',').map((pair) => pair.split(':').map((part) => part.trim())));
        assert.deepEqual(
            Object.keys(fields)
                .map((key) => key.replace(/'/g, ''))
                .sort(),
            Object.keys(Reading.shape).sort(),
        );
        assert.equal(fields["'sensorId'"], 'topic(3)');
        assert.equal(Topics.allTelemetry.split('/')[2], '+', 'topic(3) is the sensor id');
        const body = { readings: [{ sensorId: 'reefer-7.a:1', seq: 1, ts: '2026-11-20T10:00:00Z', tempC: 4.2, lat: 52.1, lon: 4.3 }] };
        assert.ok(TelemetryBatchBody.safeParse(body).success);
    });
});
