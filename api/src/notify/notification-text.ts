import type { NotificationLanguage } from '../contract/notification-payloads';
import type { Notification } from './notification';

/** Words of a mail in each language; a payload field without a label here is shown by its name. */
const WORDS: Record<NotificationLanguage, { fields: Record<string, string>; ids: string; by: string; at: string; transaction: string; footer: string }> = {
    en: {
        fields: {
            reason: 'Reason',
            kind: 'Kind',
            peakC: 'Peak (°C)',
            affected: 'Units affected',
            dropped: 'Readings refused',
            count: 'Units',
            class: 'Recall class',
            instructions: 'Instructions',
            justification: 'Justification',
            documentHash: 'Document hash',
            state: 'State',
        },
        ids: 'Identifiers',
        by: 'Recorded by',
        at: 'At',
        transaction: 'Ledger transaction',
        footer: 'coldtrace tells you this because your organization is a party to it. Your administrators choose the recipients under Members → Notifications.',
    },
    ja: {
        fields: {
            reason: '理由',
            kind: '種別',
            peakC: '最高温度 (°C)',
            affected: '対象の数量',
            dropped: '拒否した測定値',
            count: '数量',
            class: 'リコールのクラス',
            instructions: '指示',
            justification: '根拠',
            documentHash: '文書のハッシュ',
            state: '状態',
        },
        ids: '識別子',
        by: '記録者',
        at: '日時',
        transaction: '台帳トランザクション',
        footer: 'この通知は、貴組織が当事者であるため coldtrace から送信されています。受信者は管理者がメンバー → 通知で設定します。',
    },
};

/** Fields every event carries, shown in their own lines (or not at all). */
const FRAME = new Set(['type', 'parties', 'ids', 'at', 'txId', 'actor']);

/**
 * The mail of a notification in one language: subject `[coldtrace] <title>` and a plain-text body
 * listing the event's details with labels in that language.
 *
 * @example
 * mailText(notification, 'ja').subject; // '[coldtrace] バッチ B1 に異常の報告：出荷・販売を保留'
 */
export function mailText(notification: Notification, language: NotificationLanguage): { subject: string; text: string } {
    const words = WORDS[language];
    const { payload } = notification;
    const lines = [titleOf(notification, language), ''];
    for (const [field, value] of Object.entries(payload)) {
        if (!FRAME.has(field) && value !== undefined && value !== null && !(Array.isArray(value) && value.length > 20)) {
            lines.push(`${words.fields[field] ?? field}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
        }
    }
    const ids = Object.entries(payload.ids).map(([name, value]) => `${name} ${value}`);
    if (ids.length) {
        lines.push(`${words.ids}: ${ids.join(', ')}`);
    }
    const actor = payload.actor as { org?: string; user?: string } | undefined;
    if (actor?.org) {
        lines.push(`${words.by}: ${actor.org}${actor.user ? ` (${actor.user})` : ''}`);
    }
    if (notification.at) {
        lines.push(`${words.at}: ${notification.at}`);
    }
    if (notification.txId) {
        lines.push(`${words.transaction}: ${notification.txId}`);
    }
    lines.push('', '--', words.footer);
    return { subject: `[coldtrace] ${titleOf(notification, language)}`, text: `${lines.join('\n')}\n` };
}

/**
 * The JSON a webhook receives: the notification's id (deduplicate on it), kind, event type, English
 * subject, time and the event as the ledger announced it.
 *
 * @example
 * JSON.parse(webhookBody(notification)).kind; // 'anomaly'
 */
export function webhookBody(notification: Notification): string {
    const { id, kind, eventType, at, payload, txId } = notification;
    return JSON.stringify({ id, kind, event: eventType, subject: mailText(notification, 'en').subject, at, data: { ...payload, ...(txId ? { txId } : {}) } });
}

function titleOf(notification: Notification, language: NotificationLanguage): string {
    return notification.entry.title[language].replace(/\{(\w+)\}/g, (_, name: string) => notification.payload.ids[name] ?? '?');
}
