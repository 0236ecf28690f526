import type Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import { shadowRequestOf, Topics } from '@coldtrace/iot-sensor/protocol';

type State = Record<string, unknown>;

interface ShadowDocument {
    desired: State;
    reported: State;
    version: number;
}

/**
 * Classic device shadows served on the local broker with AWS IoT's topics and documents
 * (`$aws/things/{thing}/shadow/get|update` → `…/accepted|rejected|delta`), kept in SQLite, so the
 * agent configured by its shadow runs unchanged against AWS IoT Core. The backend sets `desired`
 * (reporting interval, thresholds); a device reports what it runs with.
 *
 * @example
 * const shadows = new ShadowService({ client, database });
 * await shadows.start();
 * shadows.setDesired('T-1', { intervalSeconds: 30 });
 */
export class ShadowService {
    #select: Database.Statement | undefined;

    readonly #deps: { client: MqttClient; database: Database.Database };

    constructor(deps: { client: MqttClient; database: Database.Database }) {
        this.#deps = deps;
        deps.database.exec(`CREATE TABLE IF NOT EXISTS shadows (
            thing TEXT PRIMARY KEY, desired TEXT NOT NULL, reported TEXT NOT NULL, version INTEGER NOT NULL
        ) WITHOUT ROWID`);
    }

    async start(): Promise<void> {
        const { client } = this.#deps;
        client.on('message', (topic, payload) => {
            const request = shadowRequestOf(topic);
            if (request?.operation === 'get') {
                this.#answerGet(request.thingName);
            } else if (request?.operation === 'update') {
                this.#applyUpdate(request.thingName, payload);
            }
        });
        await client.subscribeAsync([...Topics.allShadowRequests], { qos: 1 });
    }

    get(thingName: string): ShadowDocument {
        this.#select ??= this.#deps.database.prepare('SELECT desired, reported, version FROM shadows WHERE thing = ?');
        const row = this.#select.get(thingName) as { desired: string; reported: string; version: number } | undefined;
        return row ? { desired: JSON.parse(row.desired), reported: JSON.parse(row.reported), version: row.version } : { desired: {}, reported: {}, version: 0 };
    }

    /** Changes what the backend wants the device to run with; the device hears the difference as a delta (nothing when nothing changed). */
    setDesired(thingName: string, desired: State): void {
        // Every event of a shipment restates its thresholds to all its sensors: only a change is news.
        const current = this.get(thingName).desired;
        if (Object.entries(desired).every(([key, value]) => current[key] === value)) {
            return;
        }
        const document = this.#save(thingName, (current) => ({ ...current, desired: { ...current.desired, ...desired } }));
        this.#publish(Topics.shadow(thingName, 'update', 'accepted'), { state: { desired }, version: document.version, timestamp: now() });
        this.#publishDelta(thingName, document);
    }

    #answerGet(thingName: string): void {
        const document = this.get(thingName);
        const delta = deltaOf(document);
        this.#publish(Topics.shadow(thingName, 'get', 'accepted'), {
            state: { desired: document.desired, reported: document.reported, ...(delta ? { delta } : {}) },
            version: document.version,
            timestamp: now(),
        });
    }

    #applyUpdate(thingName: string, payload: Buffer): void {
        let update: { state?: { desired?: unknown; reported?: unknown } };
        try {
            update = JSON.parse(payload.toString('utf8'));
        } catch {
            return this.#publish(Topics.shadow(thingName, 'update', 'rejected'), { code: 400, message: 'Payload contains invalid json' });
        }
        const { desired, reported } = update.state ?? {};
        if ((desired !== undefined && !isState(desired)) || (reported !== undefined && !isState(reported))) {
            return this.#publish(Topics.shadow(thingName, 'update', 'rejected'), { code: 400, message: 'state.desired and state.reported must be objects' });
        }
        const document = this.#save(thingName, (current) => ({
            ...current,
            desired: { ...current.desired, ...(desired ?? {}) },
            reported: { ...current.reported, ...(reported ?? {}) },
        }));
        this.#publish(Topics.shadow(thingName, 'update', 'accepted'), { state: update.state, version: document.version, timestamp: now() });
        this.#publishDelta(thingName, document);
    }

    #save(thingName: string, change: (current: ShadowDocument) => ShadowDocument): ShadowDocument {
        return this.#deps.database.transaction(() => {
            const next = change(this.get(thingName));
            const document = { ...next, version: next.version + 1 };
            this.#deps.database
                .prepare('INSERT OR REPLACE INTO shadows (thing, desired, reported, version) VALUES (?, ?, ?, ?)')
                .run(thingName, JSON.stringify(document.desired), JSON.stringify(document.reported), document.version);
            return document;
        })();
    }

    #publishDelta(thingName: string, document: ShadowDocument): void {
        const delta = deltaOf(document);
        if (delta) {
            this.#publish(Topics.shadow(thingName, 'update', 'delta'), { state: delta, version: document.version, timestamp: now() });
        }
    }

    #publish(topic: string, body: object): void {
        this.#deps.client.publish(topic, JSON.stringify(body), { qos: 1 });
    }
}

/** Desired values the device has not reported yet. */
function deltaOf(document: ShadowDocument): State | undefined {
    const delta = Object.fromEntries(Object.entries(document.desired).filter(([key, value]) => JSON.stringify(document.reported[key]) !== JSON.stringify(value)));
    return Object.keys(delta).length > 0 ? delta : undefined;
}

function isState(value: unknown): value is State {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function now(): number {
    return Math.floor(Date.now() / 1000);
}
