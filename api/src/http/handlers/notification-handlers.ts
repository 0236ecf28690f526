import type { NotificationSettingsView } from '../../contract';
import { InvalidNotificationSettingsError } from '../../notify/invalid-notification-settings-error';
import type { NotificationService } from '../../notify/notification-service';
import type { Caller } from '../caller';
import { HttpError } from '../http-error';
import type { RouteHandlers } from './route-handlers';

type NotificationRoutes = 'getNotificationSettings' | 'putNotificationSettings' | 'listNotificationDeliveries' | 'retryNotificationDelivery';

/**
 * An organization's notification recipients and its deliveries in this node's outbox. They are node
 * settings, not ledger records: only the organization's own administrators (users with the admin
 * flag, whose certificates carry coldtrace.admin=true) read or change them; everyone else gets 403.
 *
 * @example
 * app handlers: { ...notificationHandlers(notifications) }
 */
export function notificationHandlers(notifications: NotificationService): RouteHandlers<NotificationRoutes> {
    const view = (mspId: string): NotificationSettingsView => {
        const settings = notifications.settings.of(mspId);
        return {
            mspId,
            emails: settings?.emails ?? [],
            webhooks: (settings?.webhooks ?? []).map(({ url, kinds }) => ({ url, kinds, secretSet: true as const })),
            mailServer: notifications.mailServer,
            ...(settings ? { updatedAt: settings.updatedAt, updatedBy: settings.updatedBy } : {}),
        };
    };
    return {
        getNotificationSettings: async ({ params }, caller) => {
            requireOwnAdministrator(caller, params.mspId, 'read');
            return view(params.mspId);
        },
        putNotificationSettings: async ({ params, body }, caller) => {
            requireOwnAdministrator(caller, params.mspId, 'change');
            try {
                notifications.settings.replace(params.mspId, body, { user: caller.user.username, at: new Date().toISOString() });
            } catch (error) {
                if (error instanceof InvalidNotificationSettingsError) {
                    const [path, ...message] = error.message.split(': ');
                    throw new HttpError(400, 'VALIDATION_FAILED', `body.${error.message}`, [{ location: 'body', path: path ?? '', message: message.join(': ') }]);
                }
                throw error;
            }
            return view(params.mspId);
        },
        listNotificationDeliveries: async ({ params, query }, caller) => {
            requireOwnAdministrator(caller, params.mspId, 'read');
            return notifications.outbox.list(params.mspId, query);
        },
        retryNotificationDelivery: async ({ params }, caller) => {
            requireOwnAdministrator(caller, params.mspId, 'retry');
            const retried = notifications.retry(params.mspId, params.key);
            if (!retried) {
                throw new HttpError(404, 'NOT_FOUND', `${params.mspId} has no failed delivery ${params.key}`);
            }
            return retried;
        },
    };
}

function requireOwnAdministrator(caller: Caller, mspId: string, what: string): void {
    if (caller.user.org !== mspId || !caller.user.admin) {
        throw new HttpError(
            403,
            'FORBIDDEN',
            `only administrators of ${mspId} ${what} its notification settings; ${caller.user.username} is ${caller.user.admin ? `an administrator of ${caller.user.org}` : `not an administrator${caller.user.org === mspId ? '' : ` of ${mspId}`}`}`,
        );
    }
}
