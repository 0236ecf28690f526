import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the sink received it, its subject and text decoded. */
export interface ReceivedMail {
    to: string[];
    subject: string;
    text: string;
    headers: Record<string, string>;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it receives, and can be
 * stopped and started again on the same port, as a mail server that goes down and comes back.
 *
 * @example
 * const sink = await SmtpSink.start();
 * // COLDTRACE_SMTP_URL=sink.url … sink.mails[0].subject
 */
export class SmtpSink {
    readonly mails: ReceivedMail[] = [];
    #server: SMTPServer | undefined;

    private constructor(public port: number) {}

    static async start(): Promise<SmtpSink> {
        const sink = new SmtpSink(0);
        await sink.resume();
        return sink;
    }

    get url(): string {
        return `smtp://127.0.0.1:${this.port}`;
    }

    /** Mails to one address. */
    to(address: string): ReceivedMail[] {
        return this.mails.filter((mail) => mail.to.includes(address));
    }

    /** Starts listening (again, on the same port once it had one). */
    async resume(): Promise<void> {
        const server = new SMTPServer({
            authOptional: true,
            disabledCommands: ['STARTTLS'],
            logger: false,
            onData: (stream, session, callback) => {
                const chunks: Buffer[] = [];
                stream.on('data', (chunk: Buffer) => chunks.push(chunk));
                stream.on('end', () => {
                    this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMail(Buffer.concat(chunks).toString('utf8')) });
                    callback();
                });
            },
        });
        await new Promise<void>((resolve, reject) => {
            server.server.once('error', reject);
            server.listen(this.port, '127.0.0.1', () => resolve());
        });
        this.port = (server.server.address() as AddressInfo).port;
        this.#server = server;
    }

    /** Stops listening: connections are refused until `resume`. */
    async stop(): Promise<void> {
        const server = this.#server;
        this.#server = undefined;
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    }
}

/** Enough of MIME for nodemailer's single-part text mails: encoded-word headers, base64 or quoted-printable bodies. */
function parseMail(raw: string): Omit<ReceivedMail, 'to'> {
    const split = raw.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of raw
        .slice(0, split)
        .replace(/\r\n[ \t]+/g, ' ')
        .split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const body = raw.slice(split + 4);
    const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
    const text = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : encoding === 'quoted-printable' ? quotedPrintable(body.replace(/=\r\n/g, '')) : body;
    return { subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n'), headers };
}

function decodeWords(value: string): string {
    return value
        .replace(/\?=\s+=\?/g, '?==?')
        .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
            kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : quotedPrintable(data.replace(/_/g, ' ')),
        );
}

function quotedPrintable(value: string): string {
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
        if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(value.slice(i + 1, i + 3))) {
            bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
            i += 2;
        } else {
            bytes.push(...Buffer.from(value.charAt(i), 'utf8'));
        }
    }
    return Buffer.from(bytes).toString('utf8');
}
