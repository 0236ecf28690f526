import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationLanguage } from '../contract/notification-payloads';

/** One mail of a notification, to one recipient. */
export interface OutgoingMail {
    to: string;
    subject: string;
    text: string;
    language: NotificationLanguage;
    notificationId: string;
}

/** Sends mails; the sender needs nothing else of SMTP. */
export interface Mailer {
    send(mail: OutgoingMail): Promise<void>;
    close(): void;
}

/**
 * Sends through the node's SMTP server (`smtp://user:pass@host:587`, `smtps://…` for TLS from the
 * start), one connection per mail: after the server was down, the next attempt simply connects again.
 *
 * @example
 * const mailer = smtpMailer('smtp://mail.example.com:587', 'coldtrace@example.com');
 * await mailer.send({ to: 'qa@example.com', subject, text, language: 'en', notificationId });
 */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
    const url = new URL(smtpUrl);
    const transport: Transporter = nodemailer.createTransport({
        host: url.hostname,
        port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
        secure: url.protocol === 'smtps:',
        auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
    });
    return {
        async send(mail) {
            await transport.sendMail({
                from,
                to: mail.to,
                subject: mail.subject,
                text: mail.text,
                headers: { 'X-Coldtrace-Notification': mail.notificationId, 'Content-Language': mail.language },
            });
        },
        close: () => transport.close(),
    };
}
