import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from './smtp';

interface SmtpError extends Error {
  responseCode?: number;
}

async function sendError(promise: Promise<unknown>): Promise<SmtpError> {
  try {
    await promise;
  } catch (err) {
    return err as SmtpError;
  }
  throw new Error('expected the send to fail');
}

describe('SMTP sink', () => {
  let sink: SmtpSink;
  let transport: Transporter;

  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = nodemailer.createTransport(sink.url);
  });
  afterAll(async () => {
    transport?.close();
    await sink?.stop();
  });
  beforeEach(() => sink.clear());

  it('receives real mail over SMTP', async () => {
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
    const info = await transport.sendMail({
      from: 'noreply@yanzhen.test',
      to: ['a@example.org', 'b@example.org'],
      bcc: 'audit@example.org',
      subject: 'Reminder',
      text: 'plain body',
      html: '<p>html body</p>',
      headers: { 'X-Yz-Notice-Key': 'exam/2025/p1/reminder-1' },
    });
    const [message] = await sink.waitFor(1, 5_000);
    expect(message).toBeDefined();
    expect(message!.from).toBe('noreply@yanzhen.test');
    expect(message!.to.sort()).toEqual(['a@example.org', 'audit@example.org', 'b@example.org']);
    expect(message!.subject).toBe('Reminder');
    expect(message!.text.trim()).toBe('plain body');
    expect(message!.html).toContain('<p>html body</p>');
    expect(message!.headers['x-yz-notice-key']).toBe('exam/2025/p1/reminder-1');
    expect(message!.messageId).toBe(info.messageId);
    expect(message!.raw).toContain('X-Yz-Notice-Key');
  });

  it('round-trips a UTF-8 Chinese subject and body', async () => {
    const subject = '【雁阵】社会工作者职业水平考试报名提醒';
    await transport.sendMail({
      from: '"浦东社工部" <notice@yanzhen.test>',
      to: '张三 <zhangsan@example.org>',
      subject,
      text: '您好，报名将于 6 月 20 日截止。',
    });
    const [message] = await sink.waitFor(1, 5_000);
    expect(message!.subject).toBe(subject);
    expect(message!.text).toContain('报名将于 6 月 20 日截止');
    expect(message!.headers.from).toContain('浦东社工部');
  });

  it('answers a temporary (4xx) failure, then accepts', async () => {
    sink.failNext(451, 1, 'Try again later');
    const err = await sendError(
      transport.sendMail({ from: 'a@yanzhen.test', to: 'x@example.org', subject: 's', text: 't' }),
    );
    expect(err.responseCode).toBe(451);
    expect(err.message).toContain('Try again later');
    expect(sink.messages).toHaveLength(0);

    await transport.sendMail({
      from: 'a@yanzhen.test',
      to: 'x@example.org',
      subject: 's',
      text: 't',
    });
    expect(sink.messages).toHaveLength(1);
  });

  it('answers a permanent (5xx) failure at DATA', async () => {
    sink.failNext(554, 2, 'Message rejected', 'data');
    for (let i = 0; i < 2; i++) {
      const err = await sendError(
        transport.sendMail({
          from: 'a@yanzhen.test',
          to: 'x@example.org',
          subject: 's',
          text: 't',
        }),
      );
      expect(err.responseCode).toBe(554);
    }
    await transport.sendMail({
      from: 'a@yanzhen.test',
      to: 'x@example.org',
      subject: 's',
      text: 't',
    });
    expect(sink.messages).toHaveLength(1);
  });

  it('waitFor rejects when too few messages arrive', async () => {
    await expect(sink.waitFor(1, 200)).rejects.toThrow(/expected 1 message/);
  });

  it('failNext rejects codes that are not errors', () => {
    expect(() => sink.failNext(250)).toThrow(RangeError);
  });
});
