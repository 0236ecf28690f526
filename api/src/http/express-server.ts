import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Express } from 'express';

/**
 * An HTTP server for an express app whose requests and responses are born with the app's
 * prototypes (`app.request`, `app.response`), so express has nothing to change on them.
 *
 * `app.listen` builds plain Node requests and responses, and express then swaps the prototype of
 * each (`Object.setPrototypeOf`). V8 moves such an object off its constructor's map, and in this
 * server that made every request's objects outlive the next young-generation collection: with
 * `--max-semi-space-size=64` each scavenge copied and promoted ~3.2 MB (6 % of what was
 * allocated) during `GET /trace` at one client, 20–35 ms a pause at load 5–7, one trace in ~200
 * waiting for it (findings 23). Born with the app's prototypes, the swap is a no-op and the
 * survivors fall to ~0.13 MB a scavenge (3.4 ms). The objects are the same as before: a request is an
 * `IncomingMessage` with express's request methods, a response a `ServerResponse` with its
 * response methods. Node's two constructors are plain functions, initialised here by calling them
 * on the new object (`Reflect.construct` with the app's prototype cost more CPU than the swap); a
 * Node whose constructors are classes gets `app.listen`'s server.
 *
 * @example
 * const server = createExpressServer(app).listen(3000);
 */
export function createExpressServer(app: Express): Server {
    if (isClass(IncomingMessage) || isClass(ServerResponse)) {
        return createServer(app);
    }
    return createServer({ IncomingMessage: bornWith(IncomingMessage, app.request), ServerResponse: bornWith<typeof ServerResponse>(ServerResponse, app.response) }, app);
}

function isClass(constructor: object): boolean {
    return Function.prototype.toString.call(constructor).startsWith('class');
}

/** A constructor running `base` on a new object whose prototype is `prototype`. */
function bornWith<C extends new (...args: never[]) => object>(base: C, prototype: object): C {
    const initialize = base as unknown as (this: object, first: unknown, second: unknown) => void;
    // Node constructs requests with (socket) and responses with (request, options).
    function Constructed(this: object, first: unknown, second: unknown): void {
        initialize.call(this, first, second);
    }
    Constructed.prototype = prototype;
    return Constructed as unknown as C;
}
