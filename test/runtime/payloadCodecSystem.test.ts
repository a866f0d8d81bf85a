/**
 * Encrypted payloads end to end: an announcement run on a dev server that persists to a SQLite
 * file leaves no readable payload in `temporal.db` nor in the history the server answers; the
 * client's keys decode it back; and the API's remote codec (for the Temporal Web UI) decodes it
 * for a logged-in caller only, with CORS for the Web UI's origin.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { startDevServer, type DevServer } from '../harness/temporal';
import { createTestDb, type TestDb } from '../harness/db';
import { startSmtpSink, type SmtpSink } from '../harness/smtp';
import { startStack, type Stack } from '../harness/stack';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';
import { waitFor } from '../harness/waitFor';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { decodePayloadsIn, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../runtime/payloadCodec';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';

const TOKEN = 'codec-token-5c1e';
const UI = 'http://127.0.0.1:18233';
let dir: string;
let server: DevServer;
let tdb: TestDb;
let sink: SmtpSink;
let stack: Stack;
let ctx: YzContext;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-codec-'));
  server = await startDevServer({ dbFilename: join(dir, 'temporal.db') });
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 3 }));
  sink = await startSmtpSink();
  stack = await startStack({ db: tdb.db, smtpUrl: sink.url, address: server.address });
  ctx = await openContext(
    loadConfig({
      TEMPORAL_ADDRESS: server.address,
      YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      TEMPORAL_UI_URL: UI,
      TASK_QUEUE: stack.taskQueue,
      DATABASE_URL: tdb.url,
      API_TOKEN: TOKEN,
      YZ_LOG_LEVEL: 'warn',
      YZ_QUIET_HOURS: 'off',
    }),
  );
  app = await buildApi(ctx);
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  await stack?.stop();
  await sink?.stop();
  await tdb?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const dec = new TextDecoder();
/** Every file of the dev server's database (the main file and its write-ahead log), as bytes. */
const temporalDbBytes = () =>
  Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith('temporal.db'))
      .map((f) => readFileSync(join(dir, f))),
  ).toString('latin1');

it('keeps payloads encrypted in temporal.db and in the history, and decodes them back', async () => {
  const id = 'codec-check';
  await createAnnouncement(
    {
      db: tdb.db,
      temporal: stack.client,
      taskQueue: stack.taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours: null,
    },
    {
      id,
      title: '加密检查',
      body: '{name}，这是加密检查。',
      audience: { unitIds: ['pudong'] },
      createdBy: 'tester',
    },
  );
  const handle = stack.client.workflow.getHandle(announcementWorkflowId(id));
  await handle.result();
  await waitFor(async () => temporalDbBytes().includes(ENCRYPTED_ENCODING), 20_000);

  // The input names the announcement's field by its key: readable only if it were plain JSON.
  const raw = await handle.fetchHistory();
  const started = raw.events![0]!.workflowExecutionStartedEventAttributes!;
  const sealed = started.input!.payloads![0]!;
  expect(dec.decode(sealed.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(dec.decode(sealed.metadata![KEY_ID_METADATA])).toBe('test-run');
  expect(JSON.stringify(raw)).not.toContain('announcementId');
  const db = temporalDbBytes();
  expect(db).toContain(ENCRYPTED_ENCODING);
  expect(db).not.toContain('"announcementId"');

  const history = await decodePayloadsIn(
    raw,
    stack.client.options.loadedDataConverter.payloadCodecs,
  );
  const input = defaultPayloadConverter.fromPayload<{ announcementId: string }>(
    history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!,
  );
  expect(input.announcementId).toBe(id);

  // The Web UI's remote codec: the same payload, as base64 JSON, decoded for a logged-in caller.
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  const asJson = {
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(sealed.metadata!).map(([k, v]) => [k, b64(v)])),
        data: b64(sealed.data!),
      },
    ],
  };
  const refused = await app.inject({ method: 'POST', url: '/codec/decode', payload: asJson });
  expect(refused.statusCode).toBe(401);
  const decoded = await app.inject({
    method: 'POST',
    url: '/codec/decode',
    headers: { authorization: `Bearer ${TOKEN}`, origin: UI, 'x-namespace': 'default' },
    payload: asJson,
  });
  expect(decoded.statusCode).toBe(200);
  expect(decoded.headers['access-control-allow-origin']).toBe(UI);
  const [plain] = decoded.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>()
    .payloads;
  expect(Buffer.from(plain!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
  expect(JSON.parse(Buffer.from(plain!.data, 'base64').toString())).toMatchObject({
    announcementId: id,
  });

  // …and encode gives a payload decode reads back.
  const encoded = await app.inject({
    method: 'POST',
    url: '/codec/encode',
    headers: { authorization: `Bearer ${TOKEN}` },
    payload: { payloads: [plain] },
  });
  expect(encoded.statusCode).toBe(200);
  const again = encoded.json<typeof asJson>().payloads[0]!;
  expect(Buffer.from(again.metadata.encoding!, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
});

it('answers the Web UI preflight without credentials, and only for its origin', async () => {
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/codec/decode',
    headers: {
      origin: UI,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-namespace',
    },
  });
  expect(preflight.statusCode).toBe(204);
  expect(preflight.headers['access-control-allow-origin']).toBe(UI);
  expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-namespace');
  const stranger = await app.inject({
    method: 'OPTIONS',
    url: '/codec/decode',
    headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
  });
  expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
});

it('refuses a payload under a key it does not hold, naming the key (400)', async () => {
  const answer = await app.inject({
    method: 'POST',
    url: '/codec/decode',
    headers: { authorization: `Bearer ${TOKEN}` },
    payload: {
      payloads: [
        {
          metadata: {
            encoding: Buffer.from(ENCRYPTED_ENCODING).toString('base64'),
            [KEY_ID_METADATA]: Buffer.from('gone-key').toString('base64'),
          },
          data: Buffer.alloc(40).toString('base64'),
        },
      ],
    },
  });
  expect(answer.statusCode).toBe(400);
  expect(answer.json<{ error: string }>().error).toContain('"gone-key"');
});
