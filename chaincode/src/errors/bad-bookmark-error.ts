import { InvalidArgumentError } from './chaincode-error';

/**
 * A list's bookmark that no page of this list handed out (another list's, or one from before the
 * list's index changed): the caller starts the list again.
 *
 * @example
 * throw new BadBookmarkError(); // INVALID_ARGUMENT: the bookmark does not belong to this list; …
 */
export class BadBookmarkError extends InvalidArgumentError {
    constructor() {
        super('the bookmark does not belong to this list; list again from the first page');
    }
}
