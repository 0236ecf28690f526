import { once } from 'node:events';
import type { Response } from 'express';

/**
 * An answer a handler streams instead of JSON (a CSV export), written chunk by chunk as it is made
 * and as fast as the client reads it. An error halfway ends the response where it stands: the status
 * is sent already, so handlers read what may be refused before they return one.
 *
 * @example
 * return new StreamedResponse('text/csv; charset=utf-8', lines(), 'impact-B1.csv');
 */
export class StreamedResponse {
    constructor(
        readonly contentType: string,
        readonly chunks: AsyncIterable<string>,
        /** Offered as the download's file name. */
        readonly filename?: string,
    ) {}

    async send(res: Response, status: number): Promise<void> {
        res.status(status).type(this.contentType);
        if (this.filename) {
            res.attachment(this.filename);
        }
        for await (const chunk of this.chunks) {
            if (!res.write(chunk)) {
                await once(res, 'drain');
            }
        }
        res.end();
    }
}
