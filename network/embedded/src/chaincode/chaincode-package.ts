import { cacheShimCertificateParsing } from './shim-certificate-cache';

/** The shim's chaincode object: what `fabric-chaincode-node start` builds from a contract package. */
export interface ShimChaincode {
    Invoke(stub: unknown): Promise<unknown>;
    Init(stub: unknown): Promise<unknown>;
}

/**
 * Loads a contract package the way `fabric-chaincode-node` does on a peer: its package.json "main"
 * exports `contracts`, fabric-shim's bootstrap reads them with their metadata, and fabric-shim's
 * ChaincodeFromContract dispatches transactions to them. Nothing of the contract is re-implemented.
 *
 * @example
 * const chaincode = await loadChaincodePackage('chaincode');
 */
export async function loadChaincodePackage(packageDir: string): Promise<ShimChaincode> {
    quietShimLogs();
    cacheShimCertificateParsing();
    const Bootstrap = require('fabric-shim/lib/contract-spi/bootstrap');
    const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract');
    const { contracts, serializers, title, version } = Bootstrap.getInfoFromContract(packageDir);
    const metadata = await Bootstrap.getMetadata(packageDir);
    // ChaincodeFromContract appends its system contract to the array it is given: hand it a copy.
    return new ChaincodeFromContract([...contracts], serializers, metadata, title, version) as ShimChaincode;
}

/**
 * On a peer the shim's log lines go to the chaincode container's log. In-process they would fill
 * the host's console with a line per transaction (refusals already reach the caller as errors), so
 * they are silenced unless CORE_CHAINCODE_LOGGING_LEVEL, the peer's own switch, asks for them. Every
 * logger of each library writes through that library's one console transport, so silencing it
 * through any logger silences them all. Lines below the level are not even formatted: the coldtrace
 * chaincode makes the shim's loggers skip them (chaincode/src/shim-log-levels.ts), on a peer too.
 */
function quietShimLogs(): void {
    if (process.env.CORE_CHAINCODE_LOGGING_LEVEL) {
        return;
    }
    for (const module of ['fabric-shim/lib/logger', 'fabric-contract-api/lib/logger']) {
        const { getLogger } = require(module) as { getLogger: (name?: string) => { transports: { silent: boolean }[] } };
        getLogger().transports.forEach((transport) => (transport.silent = true));
    }
}

/** fabric-shim's handler for the peer–chaincode message protocol. */
export interface ShimMessageHandler {
    chat(startMessage: unknown): void;
}

export function createShimHandler(stream: unknown, chaincode: ShimChaincode): ShimMessageHandler {
    const { ChaincodeMessageHandler } = require('fabric-shim/lib/handler');
    return new ChaincodeMessageHandler(stream, chaincode) as ShimMessageHandler;
}
