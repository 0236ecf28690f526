import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Identity, signers } from '@hyperledger/fabric-gateway';
import { common, msp, orderer } from '@hyperledger/fabric-protos';
import type { FabricNetworkConfig } from './fabric-network-config';
import type { LedgerIdentity } from './ledger';
import { LedgerError } from './ledger-error';

const APPLICATION = 'Application';
const MSP_VALUE = 'MSP';
const APPLIED_TIMEOUT_MS = 60_000;

/**
 * Puts `crlPems` into the revocation list of `mspId`'s MSP in the channel configuration, so every
 * peer and the orderer refuse the certificates they list: a configuration update signed by the
 * organization's admin (its group's mod_policy is its own Admins) and sent to the orderer. Resolves
 * once the organization's peer has the new configuration; nothing is sent when it has it already.
 *
 * @example
 * await publishRevocationList(readFabricNetworkConfig(path), 'RetailerMSP', [await ca.revoke('alice')]);
 */
export async function publishRevocationList(config: FabricNetworkConfig, mspId: string, crlPems: readonly string[]): Promise<void> {
    const organization = config.organizations[mspId];
    if (!organization?.admin || !config.orderer) {
        throw new LedgerError('ACCESS_DENIED', `cannot update ${mspId}'s revocation list: the network description needs its admin (organizations.${mspId}.admin) and the orderer`);
    }
    const admin: LedgerIdentity = { mspId, certificate: readFileSync(organization.admin.certPath, 'utf8'), privateKey: readFileSync(organization.admin.keyPath, 'utf8') };
    const peer = { endpoint: organization.peer.endpoint, hostnameOverride: organization.peer.hostnameOverride, tlsCaCert: readFileSync(organization.peer.tlsCaCertPath) };
    const update = revocationListUpdate(config.channel, await channelConfig(config.channel, peer, admin), mspId, crlPems);
    if (!update) {
        return;
    }
    const order = config.orderer;
    await broadcast(
        { endpoint: order.endpoint, hostnameOverride: order.hostnameOverride, tlsCaCert: readFileSync(order.tlsCaCertPath) },
        await signedConfigUpdate(config.channel, update, admin),
    );
    const deadline = Date.now() + APPLIED_TIMEOUT_MS;
    while (revocationListUpdate(config.channel, await channelConfig(config.channel, peer, admin), mspId, crlPems)) {
        if (Date.now() > deadline) {
            throw new LedgerError('UNAVAILABLE', `the orderer accepted ${mspId}'s new revocation list but its peer did not apply it within ${APPLIED_TIMEOUT_MS / 1000}s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
}

/**
 * The configuration update that sets the revocation list of `mspId`'s MSP to `crlPems` (PEM, as an
 * MSP folder's crls/ holds them), or undefined when it is that already. Only the MSP value changes
 * (its version + 1); the groups above it are named at their versions, as configtxlator computes it.
 *
 * @example
 * const update = revocationListUpdate('coldtrace', config, 'RetailerMSP', [crlPem]);
 */
export function revocationListUpdate(channel: string, config: common.Config, mspId: string, crlPems: readonly string[]): common.ConfigUpdate | undefined {
    const channelGroup = config.getChannelGroup();
    const application = channelGroup?.getGroupsMap().get(APPLICATION);
    const organization = application?.getGroupsMap().get(mspId);
    const value = organization?.getValuesMap().get(MSP_VALUE);
    if (!channelGroup || !application || !organization || !value) {
        throw new LedgerError('LEDGER_ERROR', `channel ${channel} has no application organization ${mspId}`);
    }
    const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
    const fabricMsp = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
    const wanted = crlPems.map((pem) => Buffer.from(pem, 'utf8'));
    const current = fabricMsp.getRevocationListList_asU8().map((crl) => Buffer.from(crl));
    if (current.length === wanted.length && current.every((crl, i) => wanted[i]?.equals(crl))) {
        return undefined;
    }
    fabricMsp.setRevocationListList(wanted);
    mspConfig.setConfig(fabricMsp.serializeBinary());
    const next = new common.ConfigValue();
    next.setVersion(value.getVersion() + 1);
    next.setModPolicy(value.getModPolicy());
    next.setValue(mspConfig.serializeBinary());

    const path = (leaf: common.ConfigGroup) => group(channelGroup.getVersion(), { [APPLICATION]: group(application.getVersion(), { [mspId]: leaf }) });
    const update = new common.ConfigUpdate();
    update.setChannelId(channel);
    update.setReadSet(path(group(organization.getVersion())));
    const written = group(organization.getVersion());
    written.getValuesMap().set(MSP_VALUE, next);
    update.setWriteSet(path(written));
    return update;
}

function group(version: number, children: Record<string, common.ConfigGroup> = {}): common.ConfigGroup {
    const result = new common.ConfigGroup();
    result.setVersion(version);
    for (const [name, child] of Object.entries(children)) {
        result.getGroupsMap().set(name, child);
    }
    return result;
}

interface Endpoint {
    endpoint: string;
    hostnameOverride?: string;
    tlsCaCert: Buffer;
}

function grpcOptions(endpoint: Endpoint): grpc.ClientOptions {
    return endpoint.hostnameOverride ? { 'grpc.ssl_target_name_override': endpoint.hostnameOverride } : {};
}

/** The channel's current configuration, from the newest config block the peer has (cscc GetConfigBlock). */
async function channelConfig(channel: string, peer: Endpoint, admin: LedgerIdentity): Promise<common.Config> {
    const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(peer.tlsCaCert), grpcOptions(peer));
    const gateway = connect({ client, identity: gatewayIdentity(admin), signer: signers.newPrivateKeySigner(createPrivateKey(admin.privateKey)), hash: hash.sha256 });
    try {
        const bytes = await gateway.getNetwork(channel).getContract('cscc').evaluateTransaction('GetConfigBlock', channel);
        const block = common.Block.deserializeBinary(bytes);
        const [configEnvelope] = block.getData()?.getDataList_asU8() ?? [];
        if (!configEnvelope) {
            throw new Error(`the config block of ${channel} holds no envelope`);
        }
        const envelope = common.Envelope.deserializeBinary(configEnvelope);
        const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
        return common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
    } finally {
        gateway.close();
        client.close();
    }
}

function gatewayIdentity(identity: LedgerIdentity): Identity {
    return { mspId: identity.mspId, credentials: Buffer.from(identity.certificate, 'utf8') };
}

/** The update, signed by `admin` (the organization's Admins policy) inside an envelope `admin` signs too. */
async function signedConfigUpdate(channel: string, update: common.ConfigUpdate, admin: LedgerIdentity): Promise<common.Envelope> {
    const sign = signers.newPrivateKeySigner(createPrivateKey(admin.privateKey));
    const updateBytes = update.serializeBinary();
    const signatureHeader = new common.SignatureHeader();
    const creator = new msp.SerializedIdentity();
    creator.setMspid(admin.mspId);
    creator.setIdBytes(Buffer.from(admin.certificate, 'utf8'));
    signatureHeader.setCreator(creator.serializeBinary());
    signatureHeader.setNonce(randomBytes(24));
    const headerBytes = signatureHeader.serializeBinary();

    const configSignature = new common.ConfigSignature();
    configSignature.setSignatureHeader(headerBytes);
    configSignature.setSignature(await sign(hash.sha256(Buffer.concat([headerBytes, updateBytes]))));
    const updateEnvelope = new common.ConfigUpdateEnvelope();
    updateEnvelope.setConfigUpdate(updateBytes);
    updateEnvelope.setSignaturesList([configSignature]);

    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.CONFIG_UPDATE);
    channelHeader.setChannelId(channel);
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(headerBytes);
    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(updateEnvelope.serializeBinary());
    const payloadBytes = payload.serializeBinary();
    const envelope = new common.Envelope();
    envelope.setPayload(payloadBytes);
    envelope.setSignature(await sign(hash.sha256(payloadBytes)));
    return envelope;
}

/** Sends one envelope to the orderer's Broadcast service and waits for its verdict. */
async function broadcast(endpoint: Endpoint, envelope: common.Envelope): Promise<void> {
    const client = new orderer.AtomicBroadcastClient(endpoint.endpoint, grpc.credentials.createSsl(endpoint.tlsCaCert), grpcOptions(endpoint));
    try {
        const response = await new Promise<orderer.BroadcastResponse>((resolve, reject) => {
            const stream = client.broadcast();
            stream.once('data', (answer: orderer.BroadcastResponse) => {
                resolve(answer);
                stream.end();
            });
            stream.once('error', reject);
            stream.write(envelope);
        });
        if (response.getStatus() !== common.Status.SUCCESS) {
            throw new LedgerError('ACCESS_DENIED', `the orderer refused the configuration update: ${response.getStatus()} ${response.getInfo()}`);
        }
    } finally {
        client.close();
    }
}
