/**
 * A notice built by compose.ts reads back (mailparser, as the sink's readers and any mail client
 * parse it) exactly as the same notice built by nodemailer's own composer.
 */
import { describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { composeTextMail, type TextMail } from '../../../activities/notices/compose';

const AT = new Date('2026-03-02T01:02:03Z');

async function byNodemailer(mail: TextMail): Promise<ParsedMail> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = (await transport.sendMail({ ...mail, date: AT })) as { message: Buffer };
  return simpleParser(info.message);
}

const readBack = (m: ParsedMail) => ({
  from: m.from?.value,
  to: Array.isArray(m.to) ? m.to.map((t) => t.value) : m.to?.value,
  subject: m.subject,
  messageId: m.messageId,
  date: m.date?.toISOString(),
  text: m.text,
  notice: m.headers.get('x-yanzhen-notice'),
});

const notice: TextMail = {
  from: '雁阵 Yanzhen <noreply@yanzhen.local>',
  to: 'p-000001@demo.yanzhen.local',
  subject: '【通知】区级社工培训通知',
  text: '张三，您好：\n\n请于下周一前完成本季度培训报名。\n.以点开头的一行\n\n────────\n\nDear 张三,\n',
  messageId: '<0123456789abcdef0123456789abcdef@yanzhen.notice>',
  headers: { 'X-Yanzhen-Notice': 'announcement/a1/p-000001' },
};

describe('composeTextMail', () => {
  it.each([
    ['a Chinese notice', notice],
    [
      'a subject far longer than one header line, and an English sender',
      {
        ...notice,
        from: 'Yanzhen Notices <noreply@yanzhen.local>',
        subject: `【提醒】${'浦东新区社会工作者职业水平考试报名即将截止，'.repeat(4)}请尽快报名 / Register now`,
      },
    ],
    [
      'a sender whose name needs quotes, a key with Chinese in it',
      {
        ...notice,
        from: '"Yanzhen, District \\"Office\\"" <noreply@yanzhen.local>',
        headers: { 'X-Yanzhen-Notice': 'announcement/培训-1/p-000001' },
        text: 'Line one\r\nLine two with = and trailing spaces   \r\n',
      },
    ],
    ['a bare sender address', { ...notice, from: 'noreply@yanzhen.local', text: '' }],
  ])('reads back as nodemailer writes it: %s', async (_, mail) => {
    const composed = composeTextMail(mail, AT)!;
    expect(composed).toBeDefined();
    expect(composed.envelope).toEqual({
      from: 'noreply@yanzhen.local',
      to: [mail.to],
    });
    const raw = composed.raw.toString('latin1');
    expect(raw.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(readBack(await simpleParser(composed.raw))).toEqual(readBack(await byNodemailer(mail)));
  });

  it.each([
    ['an address with a line break', { ...notice, to: 'a@x.cn\r\nBcc: b@y.cn' }],
    ['an address with a display name', { ...notice, to: 'A <a@x.cn>' }],
    ['two addresses', { ...notice, to: 'a@x.cn, b@y.cn' }],
    ['a non-ASCII address', { ...notice, to: '张三@例子.中国' }],
    ['a header value with a line break', { ...notice, headers: { 'X-A': 'x\r\nBcc: b@y.cn' } }],
    ['a header name that is not a token', { ...notice, headers: { 'X A:': 'x' } }],
    ['a Message-ID that is not one', { ...notice, messageId: 'abc\r\n' }],
    ['a sender that is not one address', { ...notice, from: 'a@x.cn, b@y.cn' }],
  ])('leaves %s to nodemailer', (_, mail) => {
    expect(composeTextMail(mail, AT)).toBeUndefined();
  });
});
