/**
 * A real SMTP server on loopback that keeps every message it accepts, for tests of notices.
 *
 * It speaks plain SMTP (no STARTTLS), accepts any or no authentication, and can be told to answer
 * the next RCPT or DATA commands with an error code to exercise retries (4xx, temporary) and
 * permanent failures (5xx).
 */
import { simpleParser, type HeaderValue } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SinkMessage {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), including Bcc. */
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Decoded headers, keys lower-case; structured values flattened to text. */
  headers: Record<string, string>;
  messageId: string;
  /** The message exactly as received (RFC 5322). */
  raw: string;
}

export type FailureStage = 'rcpt' | 'data';

export interface SmtpSink {
  port: number;
  url: string;
  messages: SinkMessage[];
  /**
   * Answer the next `count` RCPT (default) or DATA commands with `code`: 4xx is a temporary
   * failure (the client may retry), 5xx a permanent one. Failures queue up in call order.
   */
  failNext(code: number, count?: number, message?: string, stage?: FailureStage): void;
  /**
   * An outage: while on, every RCPT is answered with `code` (default 451, temporary) until
   * `outage(false)`. Recipients in `reject` are answered 5xx whatever the outage.
   */
  outage(on: boolean, code?: number): void;
  /** Answer RCPT for these addresses with `code` (default 550) from now on: a permanent refusal. */
  reject(addresses: string[], code?: number, message?: string): void;
  /** RCPT commands answered with an error so far (outage, rejections, failNext). */
  refused: number;
  /** Resolves with all messages once at least `n` have arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  clear(): void;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

interface PendingFailure {
  code: number;
  message: string;
  stage: FailureStage;
  remaining: number;
}

class SmtpResponseError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value
      .map((v: string | { value: string }) => (typeof v === 'string' ? v : v.value))
      .join(', ');
  }
  if ('text' in value) return value.text;
  return value.value;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const messages: SinkMessage[] = [];
  const failures: PendingFailure[] = [];
  const waiters = new Set<() => void>();
  let outageCode: number | undefined;
  const rejected = new Map<string, { code: number; message: string }>();
  const counts = { refused: 0 };

  const takeFailure = (stage: FailureStage): SmtpResponseError | undefined => {
    const next = failures.find((f) => f.stage === stage);
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) failures.splice(failures.indexOf(next), 1);
    return new SmtpResponseError(next.message, next.code);
  };

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 25 * 1024 * 1024,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onRcptTo(address, _session, callback) {
      const refusal = rejected.get(address.address.toLowerCase());
      const error = refusal
        ? new SmtpResponseError(refusal.message, refusal.code)
        : outageCode !== undefined
          ? new SmtpResponseError('Service temporarily unavailable, try again later', outageCode)
          : takeFailure('rcpt');
      if (error) counts.refused += 1;
      callback(error ?? null);
    },
    onData(stream, session, callback) {
      const failure = takeFailure('data');
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if (failure) {
          callback(failure);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const [key, value] of parsed.headers) headers[key] = headerText(value);
            const mailFrom = session.envelope.mailFrom;
            messages.push({
              from: mailFrom ? mailFrom.address : '',
              to: session.envelope.rcptTo.map((r: SMTPServerAddress) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
              headers,
              messageId: parsed.messageId ?? '',
              raw,
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch((err: unknown) => {
            callback(new SmtpResponseError(`cannot parse message: ${String(err)}`, 554));
          });
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Keep a running server from crashing the test process on a client's broken connection.
  server.on('error', () => undefined);
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP sink: no TCP address');
  const port = address.port;

  const checkCode = (code: number, from: number, to: number, what: string) => {
    if (!Number.isInteger(code) || code < from || code > to)
      throw new RangeError(`${what}: SMTP error code must be ${from}..${to}, got ${code}`);
  };
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages,
    get refused() {
      return counts.refused;
    },
    outage(on, code = 451) {
      checkCode(code, 400, 499, 'outage');
      outageCode = on ? code : undefined;
    },
    reject(addresses, code = 550, message = 'Requested action not taken: mailbox unavailable') {
      checkCode(code, 500, 599, 'reject');
      for (const a of addresses) rejected.set(a.toLowerCase(), { code, message });
    },
    failNext(code, count = 1, message, stage = 'rcpt') {
      if (!Number.isInteger(code) || code < 400 || code > 599) {
        throw new RangeError(`failNext: SMTP error code must be 4xx or 5xx, got ${code}`);
      }
      const text = message ?? (code < 500 ? 'Temporary failure, try again later' : 'Rejected');
      failures.push({ code, message: text, stage, remaining: count });
    },
    waitFor(n, timeoutMs = 10_000) {
      return new Promise<SinkMessage[]>((resolve, reject) => {
        const check = (): boolean => {
          if (messages.length < n) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(messages.slice());
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `SMTP sink: expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    clear() {
      messages.length = 0;
      failures.length = 0;
      outageCode = undefined;
      rejected.clear();
      counts.refused = 0;
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
