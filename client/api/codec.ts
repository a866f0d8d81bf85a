/**
 * 载荷解码 / The remote codec of the Temporal Web UI: `POST /codec/decode` and `/codec/encode`
 * per Temporal's remote-codec contract (`{ payloads: [{ metadata: {k: base64}, data: base64 }] }`
 * in and out), so the Web UI shows the encrypted histories decoded (`temporal server start-dev
 * --ui-codec-endpoint`). Only for the logged-in: the guard the other routes have; the Web UI's
 * origin (TEMPORAL_UI_URL) may call it from the browser (CORS, with credentials).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { YzContext } from '../operations/context';
import { InputError } from '../../common/errors';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
const bytes = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? '', 'base64'));

function fromJson(payloads: JsonPayload[]): Payload[] {
  return payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, bytes(v)])),
    data: bytes(p.data),
  }));
}

function toJson(payloads: Payload[]): JsonPayload[] {
  return payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: b64(p.data),
  }));
}

const body = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string' } },
          data: { type: 'string' },
        },
      },
    },
  },
} as const;

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export async function codecRoutes(
  app: FastifyInstance,
  ctx: YzContext,
  guard: Guard,
): Promise<void> {
  const origin = new URL(ctx.config.temporal.uiUrl).origin;
  // Read when a request comes: the connection's converter is there by then (a context built for
  // a test without Temporal never serves this route).
  const codecs = (): readonly PayloadCodec[] =>
    ctx.temporal.options.loadedDataConverter.payloadCodecs;

  await app.register(async (codec) => {
    codec.addHook('onRequest', async (request, reply) => {
      if (request.headers.origin === origin) {
        void reply.header('access-control-allow-origin', origin);
        void reply.header('access-control-allow-credentials', 'true');
        void reply.header('vary', 'Origin');
      }
      // The browser's preflight carries no credentials: answered here, before the guard.
      if (request.method === 'OPTIONS') {
        await reply
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
          .header('access-control-max-age', '600')
          .status(204)
          .send();
        return;
      }
      await guard(request, reply);
    });
    codec.options('/codec/encode', { schema: { hide: true } }, async () => undefined);
    codec.options('/codec/decode', { schema: { hide: true } }, async () => undefined);

    const route = (path: 'encode' | 'decode', summary: string) =>
      codec.post<{ Body: { payloads: JsonPayload[] } }>(
        `/codec/${path}`,
        { schema: { tags: ['system'], summary, body } },
        async (request) => {
          let payloads = fromJson(request.body.payloads);
          const order = path === 'encode' ? codecs() : [...codecs()].reverse();
          try {
            for (const c of order) payloads = await c[path](payloads);
          } catch (e) {
            throw new InputError(`payloads[] 无法处理 / payloads[]: ${(e as Error).message}`);
          }
          return { payloads: toJson(payloads) };
        },
      );
    route('decode', '解密载荷（Temporal Web UI）/ decode payloads for the Temporal Web UI');
    route('encode', '加密载荷（Temporal Web UI）/ encode payloads for the Temporal Web UI');
  });
}
