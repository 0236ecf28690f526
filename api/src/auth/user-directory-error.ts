/** A user directory change that cannot be made (duplicate name, weak password, unknown user). */
export class UserDirectoryError extends Error {
    override name = 'UserDirectoryError';
}
