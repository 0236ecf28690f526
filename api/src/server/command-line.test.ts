import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, UsageError } from './command-line';

const OPTIONS = { data: { type: 'string' }, role: { type: 'string', multiple: true }, admin: { type: 'boolean' } } as const;

describe('parseCommandLine', () => {
    it('reads flags in either spelling, repeated ones as a list, and positionals where allowed', () => {
        const { values, positionals } = parseCommandLine(['user', '--data=/d', 'add', '--role', 'carrier', '--role', 'retailer', '--admin'], OPTIONS, 'usage', {
            positionals: true,
        });
        assert.deepEqual(positionals, ['user', 'add']);
        assert.deepEqual({ ...values }, { data: '/d', role: ['carrier', 'retailer'], admin: true });
    });

    it('refuses what it cannot read with a UsageError that carries the usage text', () => {
        const refusal = (args: string[], message: RegExp) =>
            assert.throws(
                () => parseCommandLine(args, OPTIONS, 'the usage'),
                (e: Error) => e instanceof UsageError && e.usage === 'the usage' && message.test(e.message),
            );
        refusal(['--colour'], /^unknown option --colour$/);
        refusal(['--data'], /^--data needs a value$/);
        refusal(['--data', '--admin'], /^--data needs a value$/);
        refusal(['list'], /^unexpected argument list$/);
    });
});

describe('the API command lines refuse an unknown flag', function () {
    this.timeout(60_000);
    let data: string;
    before(() => {
        data = mkdtempSync(join(tmpdir(), 'coldtrace-command-line-'));
    });
    after(() => rmSync(data, { recursive: true, force: true }));

    for (const [program, args, usage] of [
        ['admin-cli.js', ['user', 'list'], /usage: npm run admin/],
        ['main.js', [], /usage: npm start/],
        ['detector-main.js', [], /usage: npm run detector/],
    ] as const) {
        it(`${program}: status 2, the flag named, the usage text on stderr, nothing done`, () => {
            const result = spawnSync(process.execPath, [join(__dirname, program), ...args, '--data', data, '--colour'], {
                encoding: 'utf8',
                env: { ...process.env, COLDTRACE_DATA: data },
            });
            assert.equal(result.status, 2, result.stderr);
            assert.match(result.stderr, /: unknown option --colour\n\n/);
            assert.match(result.stderr, usage);
        });
    }
});
