import assert from 'node:assert/strict';

/**
 * Classes a package's index may still export as values, each with its reason; everything else a
 * package exports is an interface or type, a function, a constant or an Error subclass (callers
 * need `instanceof` for those). The chaincode packages are absent: fabric-contract-api instantiates
 * their contract classes, which are therefore their API.
 */
const EXPORTED_CLASSES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    '@coldtrace/pki': {},
    '@coldtrace/embedded-ledger': {},
    '@coldtrace/ledger-client': {},
    '@coldtrace/telemetry': {},
    '@coldtrace/amb': {},
    '@coldtrace/migration': {},
    '@coldtrace/iot-sensor': {},
    '@coldtrace/api': {},
};

function isClass(value: unknown): value is abstract new (...args: never[]) => unknown {
    return typeof value === 'function' && Function.prototype.toString.call(value).startsWith('class');
}

describe('public surfaces: an index exports interfaces and factories, not implementation classes', () => {
    for (const [name, allowed] of Object.entries(EXPORTED_CLASSES)) {
        it(`${name} exports no class but its errors${Object.keys(allowed).length > 0 ? ' and its listed exceptions' : ''}`, async () => {
            const surface = (await import(name)) as Record<string, unknown>;
            const classes = Object.entries(surface)
                .filter(([, value]) => isClass(value) && !(value.prototype instanceof Error))
                .map(([exported]) => exported)
                .filter((exported) => !(exported in allowed));
            assert.deepEqual(classes, [], `${name} exports implementation classes; export an interface and a factory instead, or list the class here with why`);
        });
    }
});
