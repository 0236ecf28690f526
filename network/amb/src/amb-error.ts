/**
 * A refusal or failure on the way to an Amazon Managed Blockchain network, worded for the operator:
 * what was asked, what AWS (or the member's CA) answered, and what to check.
 *
 * @example
 * throw new AmbError('no member m-ABC in network n-XYZ (region us-east-1)', 'ResourceNotFoundException');
 */
export class AmbError extends Error {
    override name = 'AmbError';

    constructor(
        message: string,
        /** AWS's error name (ResourceNotFoundException, AccessDeniedException, …) when AWS gave one. */
        readonly awsError?: string,
    ) {
        super(message);
    }
}

/**
 * Words an error of the AWS SDK for the call that failed. `what` names the resource asked for,
 * e.g. "member m-ABC of network n-XYZ".
 *
 * @example
 * catch (error) { throw explainAwsError(error, 'network n-XYZ', 'GetNetwork', 'us-east-1'); }
 */
export function explainAwsError(error: unknown, what: string, action: string, region: string): AmbError {
    const name = (error as { name?: string }).name ?? 'Error';
    const detail = (error as Error).message ?? String(error);
    switch (name) {
        case 'ResourceNotFoundException':
            return new AmbError(`Amazon Managed Blockchain has no ${what} in region ${region} (${action}: ${detail}); check the id and --region`, name);
        case 'AccessDeniedException':
            return new AmbError(`AWS denied managedblockchain:${action} on ${what} (${detail}); the caller's IAM policy must allow managedblockchain:${action}`, name);
        case 'CredentialsProviderError':
            return new AmbError(`no AWS credentials found for ${action} (${detail}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`, name);
        case 'ThrottlingException':
            return new AmbError(`AWS throttled ${action} on ${what}; retry later (${detail})`, name);
        default:
            return new AmbError(`${action} on ${what} failed: ${name}: ${detail}`, name);
    }
}
