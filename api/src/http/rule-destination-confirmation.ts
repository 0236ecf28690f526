import type { RequestHandler } from 'express';
import { z } from 'zod';

/**
 * The message AWS IoT POSTs to an HTTPS rule action's URL before it delivers anything: the topic rule
 * destination stays unconfirmed (and the rule silent) until an operator confirms it with this token.
 * It carries none of the rule's headers, so it cannot be authenticated; it is only logged.
 */
const RuleDestinationConfirmation = z.strictObject({
    arn: z.string().startsWith('arn:aws:iot:'),
    confirmationToken: z.string().min(1).max(4096),
    enableUrl: z.url(),
});

/**
 * Answers AWS IoT's destination confirmation on the ingestion path with 202 and logs the command that
 * confirms it, since only the receiver ever sees the token. Any other request passes on unchanged.
 *
 * @example
 * api.post('/telemetry', ruleDestinationConfirmation());
 */
export function ruleDestinationConfirmation(): RequestHandler {
    return (req, res, next) => {
        const message = RuleDestinationConfirmation.safeParse(req.body);
        if (!message.success || req.get('authorization')) {
            next();
            return;
        }
        const { arn, confirmationToken } = message.data;
        req.log.warn(
            { arn },
            `AWS IoT asks to confirm the topic rule destination for this URL: aws iot confirm-topic-rule-destination --confirmation-token '${confirmationToken}'`,
        );
        res.status(202).json({ message: 'topic rule destination confirmation received; the operator confirms it with the token in the server log' });
    };
}
