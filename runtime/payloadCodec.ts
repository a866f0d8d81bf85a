/**
 * 载荷加密 / The payload codec: every Temporal payload (workflow inputs, results, signals, queries,
 * activity arguments, memos) is encrypted with AES-256-GCM before it leaves this process, so
 * `temporal.db` and the server's history hold ciphertext only. Each encrypted payload names its
 * key (`encryption-key-id` in the metadata): new payloads take the current key, old ones decrypt
 * with theirs, so keys rotate without touching histories. A payload without the marker (histories
 * written before the codec) passes through unchanged, so old workflows replay.
 *
 * The keys are imported once (`createCipheriv` takes a KeyObject): no derivation per payload.
 */
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
// A CommonJS package: its namespace comes whole under plain Node ESM (the compiled CLI, tsx).
import proto from '@temporalio/proto';
import type { PayloadKeyRing } from './payloadKeys';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Thrown when a payload names a key this process does not hold (or its ciphertext is altered). */
export class PayloadKeyError extends Error {}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: { id: string; key: KeyObject; idBytes: Uint8Array };
  private readonly byId: Map<string, KeyObject>;

  constructor(ring: PayloadKeyRing) {
    this.byId = new Map(ring.keys.map((k) => [k.id, k.key]));
    const first = ring.keys[0]!;
    this.current = { id: first.id, key: first.key, idBytes: enc.encode(first.id) };
  }

  /** The id of the key new payloads are encrypted with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decrypt(p));
  }

  encrypt(payload: Payload): Payload {
    const plain = ProtoPayload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: enc.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: this.current.idBytes,
      },
      data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    };
  }

  decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    if (!encoding || dec.decode(encoding) !== ENCRYPTED_ENCODING) return payload; // not ours
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    const id = idBytes ? dec.decode(idBytes) : '';
    const key = this.byId.get(id);
    if (!key)
      throw new PayloadKeyError(
        `载荷密钥缺失 / payload key "${id}" is not among this process's keys (YZ_PAYLOAD_KEYS or the data folder's payload-keys)`,
      );
    const data = payload.data ?? new Uint8Array();
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadKeyError(`载荷无法解密 / payload under key "${id}" fails its check`);
    }
    return ProtoPayload.decode(plain);
  }
}

/** The data converter every client and worker of an installation uses. */
export function encryptingDataConverter(ring: PayloadKeyRing): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(ring)] };
}

/** True for a payload this codec encrypted. */
function isEncrypted(value: unknown): value is Payload {
  const encoding = (value as Payload | null)?.metadata?.encoding;
  return encoding instanceof Uint8Array && dec.decode(encoding) === ENCRYPTED_ENCODING;
}

/**
 * Decodes, in place, every encrypted payload of a fetched history (or any message holding
 * payloads): `fetchHistory` returns the server's bytes as they are, and readers of a history
 * (`yz history`, the personal-data scan) need the plain payloads.
 */
export async function decodePayloadsIn<T>(message: T, codecs: readonly PayloadCodec[]): Promise<T> {
  const seen = new Set<unknown>();
  const visit = async (node: unknown): Promise<void> => {
    if (!node || typeof node !== 'object' || seen.has(node) || node instanceof Uint8Array) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (isEncrypted(child)) {
        let decoded: Payload[] = [child];
        for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
        record[key] = decoded[0];
      } else await visit(child);
    }
  };
  await visit(message);
  return message;
}
