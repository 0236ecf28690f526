import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the program cannot run: said with the usage text, exit status 2. */
export class UsageError extends Error {
    override name = 'UsageError';

    constructor(
        message: string,
        readonly usage: string,
    ) {
        super(message);
    }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, whose refusals (an unknown flag, a flag without its value,
 * an argument where none is taken) become a {@link UsageError} in the CLIs' own words.
 *
 * @example
 * const { values, positionals } = parseCommandLine(argv, { data: { type: 'string' } }, USAGE, { positionals: true });
 */
export function parseCommandLine<const T extends Options, const P extends boolean = false>(
    args: readonly string[],
    options: T,
    usage: string,
    { positionals }: { positionals?: P } = {},
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: P; strict: true }>> {
    try {
        return parseArgs({ args: [...args], options, allowPositionals: positionals ?? false, strict: true }) as never;
    } catch (error) {
        const refusal = refusalText(error);
        if (refusal === undefined) {
            throw error;
        }
        throw new UsageError(refusal, usage);
    }
}

function refusalText(error: unknown): string | undefined {
    const { code, message } = error as { code?: string; message?: string };
    const argument = /'([^' ]+)/.exec(message ?? '')?.[1] ?? '';
    switch (code) {
        case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
            return `unknown option ${argument}`;
        case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
            return `${argument} needs a value`;
        case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
            return `unexpected argument ${argument}`;
        default:
            return undefined;
    }
}

/**
 * Runs a CLI's main and sets the exit status: its own number, 2 with the usage text for a
 * {@link UsageError}, 1 with `name: message` for any other failure.
 *
 * @example
 * runCommandLine('coldtrace-admin', () => main(process.argv.slice(2)));
 */
export function runCommandLine(name: string, main: () => Promise<number | void>): void {
    main().then(
        (code) => {
            process.exitCode = code ?? 0;
        },
        (error: Error) => {
            if (error instanceof UsageError) {
                console.error(`${name}: ${error.message}\n\n${error.usage}`);
                process.exitCode = 2;
                return;
            }
            console.error(`${name}: ${error.message}`);
            process.exitCode = 1;
        },
    );
}
