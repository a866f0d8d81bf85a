/**
 * The payload codec and its keys: AES-256-GCM with the key id in the metadata, rotation (new
 * payloads under the newest key, old ones still readable), plain payloads of old histories passed
 * through, tampering and unknown keys refused, the key file made once and private.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  decodePayloadsIn,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadKeyError,
} from '../../runtime/payloadCodec';
import {
  loadPayloadKeyFile,
  parsePayloadKeys,
  PAYLOAD_KEY_FILE,
  payloadKeyRing,
  rotatePayloadKey,
} from '../../runtime/payloadKeys';

const dec = new TextDecoder();
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'yz-keys-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const input = { personId: 'p-000042', note: '请联系 13812345678' };

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec(parsePayloadKeys(key('k1', 1), 'test'));

  it('encrypts with the key id in the metadata and decrypts back', async () => {
    const plain = defaultPayloadConverter.toPayload(input);
    const [sealed] = await codec.encode([plain]);
    expect(dec.decode(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(dec.decode(sealed!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('13812345678');
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('json/plain');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(input);
  });

  it('uses a fresh IV each time: the same value never gives the same bytes', async () => {
    const p = defaultPayloadConverter.toPayload(input);
    const [a, b] = await codec.encode([p, p]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('passes plain payloads (histories from before the codec) through unchanged', async () => {
    const plain = defaultPayloadConverter.toPayload(input);
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('refuses an altered ciphertext and a key it does not hold, naming the key', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(input)]);
    const altered = Uint8Array.from(sealed!.data!);
    altered[20] = altered[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data: altered }])).rejects.toThrow(PayloadKeyError);
    const stranger = new AesGcmPayloadCodec(parsePayloadKeys(key('k9', 9), 'test'));
    await expect(stranger.decode([sealed!])).rejects.toThrow(/"k1"/);
  });

  it('rotates: new payloads take the newest key, older ones still decrypt with theirs', async () => {
    const [old] = await codec.encode([defaultPayloadConverter.toPayload('before')]);
    const rotated = new AesGcmPayloadCodec(
      parsePayloadKeys(`${key('k2', 2)},${key('k1', 1)}`, 'test'),
    );
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('after')]);
    expect(dec.decode(fresh!.metadata![KEY_ID_METADATA])).toBe('k2');
    const opened = await rotated.decode([old!, fresh!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['before', 'after']);
  });

  it('decodes every encrypted payload inside a fetched history, in place', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(input)]);
    const history = {
      events: [{ workflowExecutionStartedEventAttributes: { input: { payloads: [sealed] } } }],
    };
    await decodePayloadsIn(history, [codec]);
    const p = history.events[0]!.workflowExecutionStartedEventAttributes.input.payloads[0]!;
    expect(defaultPayloadConverter.fromPayload(p)).toEqual(input);
  });
});

describe('payload keys', () => {
  it('names the entry of a malformed or repeated key', () => {
    expect(() => parsePayloadKeys('k1:short', 'YZ_PAYLOAD_KEYS')).toThrow(
      /^YZ_PAYLOAD_KEYS 第 1 条：应为“<编号> <32 字节的 base64>”.* \/ YZ_PAYLOAD_KEYS, entry 1: expected/,
    );
    expect(() => parsePayloadKeys(`${key('k1', 1)},${key('k1', 2)}`, 'YZ_PAYLOAD_KEYS')).toThrow(
      '第 2 条：密钥编号“k1”重复 / YZ_PAYLOAD_KEYS, entry 2: key id "k1" appears twice',
    );
    expect(() => parsePayloadKeys('# only a comment\n', 'f')).toThrow(
      'f：没有载荷密钥 / f: no payload key',
    );
  });

  it('makes the key file once, 0600, and reads the same key after', () => {
    const dir = tempDir();
    const first = loadPayloadKeyFile(dir);
    const file = join(dir, PAYLOAD_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadPayloadKeyFile(dir);
    expect(again.keys.map((k) => k.id)).toEqual(first.keys.map((k) => k.id));
    expect(again.keys[0]!.key.export().equals(first.keys[0]!.key.export())).toBe(true);
  });

  it('prefers YZ_PAYLOAD_KEYS to the key file', () => {
    const dir = tempDir();
    const ring = payloadKeyRing({ payloadKeys: key('env-key', 3), dataDir: dir });
    expect(ring.keys[0]!.id).toBe('env-key');
    expect(() => statSync(join(dir, PAYLOAD_KEY_FILE))).toThrow();
  });

  it('rotation puts a new key first and keeps the old one', async () => {
    const dir = tempDir();
    const before = loadPayloadKeyFile(dir);
    const [sealed] = await new AesGcmPayloadCodec(before).encode([
      defaultPayloadConverter.toPayload('kept'),
    ]);
    const id = rotatePayloadKey(dir);
    const after = loadPayloadKeyFile(dir);
    expect(after.keys.map((k) => k.id)).toEqual([id, before.keys[0]!.id]);
    expect(statSync(join(dir, PAYLOAD_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, PAYLOAD_KEY_FILE), 'utf8')).toMatch(/^# /);
    const [opened] = await new AesGcmPayloadCodec(after).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toBe('kept');
  });
});
