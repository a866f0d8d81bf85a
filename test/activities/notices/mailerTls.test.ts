/**
 * SMTP to a relay: with TLS required the mailer sends only over a connection STARTTLS encrypted,
 * refuses a server that offers no STARTTLS, and checks the relay's certificate unless told not
 * to. A real local SMTP server (smtp-server) with a self-signed certificate made for the test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type MailerOptions } from '../../../activities/notices/mailer';

interface Relay {
  port: number;
  /** Per accepted message: whether its connection was encrypted. */
  received: boolean[];
  stop(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'yz-tls-'));
let key: Buffer;
let cert: Buffer;

async function startRelay(starttls: boolean): Promise<Relay> {
  const received: boolean[] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    key,
    cert,
    ...(starttls ? {} : { disabledCommands: ['STARTTLS'] }),
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push(Boolean(session.secure));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function send(relay: Relay, tls: MailerOptions['tls']): Promise<string> {
  const mailer = createMailer({
    url: `smtp://127.0.0.1:${relay.port}`,
    pool: { maxConnections: 1, maxMessages: 10 },
    tls,
  });
  try {
    const r = await mailer.send({
      from: 'noreply@yanzhen.test',
      to: 'worker@example.cn',
      subject: '【测试】TLS',
      text: 'x',
      messageId: `<${Math.random()}@yanzhen.test>`,
    });
    return r.response;
  } finally {
    mailer.close();
  }
}

beforeAll(() => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=relay.yanzhen.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(join(dir, 'key.pem'));
  cert = readFileSync(join(dir, 'cert.pem'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SMTP TLS to a relay', () => {
  it('sends over STARTTLS when TLS is required (certificate check off, as set explicitly)', async () => {
    const relay = await startRelay(true);
    try {
      expect(await send(relay, { require: true, verify: false })).toMatch(/^250/);
      expect(relay.received).toEqual([true]);
    } finally {
      await relay.stop();
    }
  });

  it('refuses a relay that offers no STARTTLS when TLS is required: nothing is sent', async () => {
    const relay = await startRelay(false);
    try {
      await expect(send(relay, { require: true, verify: true })).rejects.toThrow(/STARTTLS/i);
      expect(relay.received).toEqual([]);
      // Not required (the embedded sink's case): the same relay takes it in plain text.
      expect(await send(relay, { require: false, verify: true })).toMatch(/^250/);
      expect(relay.received).toEqual([false]);
    } finally {
      await relay.stop();
    }
  });

  it("checks the relay's certificate by default: a self-signed one is refused", async () => {
    const relay = await startRelay(true);
    try {
      await expect(send(relay, { require: true, verify: true })).rejects.toThrow(
        /self[- ]signed certificate/i,
      );
      expect(relay.received).toEqual([]);
    } finally {
      await relay.stop();
    }
  });
});
