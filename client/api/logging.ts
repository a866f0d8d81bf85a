/**
 * The API's log: Fastify's own (pino), JSON lines at the configured level (YZ_LOG_LEVEL), each
 * request under its id. Nothing personal goes in: request URLs and error messages are scrubbed of
 * phone numbers, ID-card numbers and e-mail addresses; a failed request's body is logged with
 * its personal and free-text fields replaced; the Authorization header is never written.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../../config/env';

export const REDACTED = '[redacted]';

/** Fields whose values name a person, reach them, or are someone's own words. */
const PERSONAL_FIELDS = new Set(
  [
    'name',
    'nameEn',
    'fullName',
    'phone',
    'mobile',
    'email',
    'idCard',
    'idNumber',
    'address',
    'contact',
    'reason',
    'note',
    'notes',
    'comment',
    'evidence',
    'title',
    'titleEn',
    'body',
    'bodyEn',
    'text',
    'topics',
    'by',
    'recordedBy',
    'reviewer',
    'closedBy',
    'submittedBy',
    'createdBy',
    'decidedBy',
    'contentBase64',
  ].map((f) => f.toLowerCase()),
);

const PATTERNS = [
  /(?<!\d)1[3-9]\d{9}(?!\d)/g, // mobile phone
  /(?<!\d)\d{17}[\dXx](?![\dXx])/g, // resident ID card
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/g, // e-mail
];

/** The text with every phone number, ID-card number and e-mail address replaced. */
export function scrub(text: string): string {
  return PATTERNS.reduce((t, p) => t.replace(p, REDACTED), text);
}

/** A copy of a request body fit for the log: personal fields replaced, other strings scrubbed. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 6) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      PERSONAL_FIELDS.has(k.toLowerCase()) ? REDACTED : redactBody(v, depth + 1),
    ]),
  );
}

interface LoggedError {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
}

/** Fastify options for the log: level, request ids, serializers, where the lines go. */
export function apiLogging(
  level: LogLevel,
  /** Where the JSON lines go: stdout unless given (tests capture them). */
  stream?: { write(line: string): void },
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    genReqId: () => randomUUID(),
    // An id a caller sends is not trusted to be unique or harmless: ours are made here.
    requestIdHeader: false,
    logger: {
      level,
      ...(stream ? { stream } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: REDACTED },
      serializers: {
        req: (req: { method: string; url: string }) => ({
          method: req.method,
          url: scrub(req.url),
        }),
        err: (e: LoggedError) => ({
          type: e.name ?? 'Error',
          message: scrub(e.message ?? ''),
          stack: scrub(e.stack ?? ''),
          ...(e.code !== undefined ? { code: e.code } : {}),
        }),
      },
    },
  };
}
