/**
 * A plain-text notice as one ready MIME message. nodemailer's composer builds a tree of MIME
 * nodes per message, quoted-printable-encodes Chinese text to three times its size and streams
 * the result in many small pieces (each a socket write with Nagle off); that was about half of
 * its CPU per notice. A notice is always one UTF-8 text part, so it is built here in one buffer:
 * headers encoded as nodemailer encodes them (RFC 2047 words, folded at 76), the body in base64.
 * Anything else (HTML, an address that is not plain ASCII) is left to nodemailer: `undefined`.
 */
import addressparser from 'nodemailer/lib/addressparser/index.js';
// Its functions call each other through `this`: used as the module object, never destructured.
import mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';

export interface TextMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
}

export interface ComposedMail {
  /** The SMTP envelope: the bare addresses. */
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** A plain ASCII address with nothing a header could be split or extended by. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
const PLAIN_HEADER_NAME = /^[A-Za-z0-9-]+$/;
const LINE_BREAK = /[\r\n]/;

const fromHeaders = new Map<string, { header: string; address: string } | null>();

/** The From header and envelope address for a sender, worked out once per sender. */
function fromHeader(from: string): { header: string; address: string } | null {
  let known = fromHeaders.get(from);
  if (known === undefined) {
    const [parsed, ...more] = addressparser(from) as { name: string; address?: string }[];
    known =
      parsed?.address && !more.length && PLAIN_ADDRESS.test(parsed.address)
        ? {
            address: parsed.address,
            header: header(
              'From',
              parsed.name ? `${addressName(parsed.name)} <${parsed.address}>` : parsed.address,
            ),
          }
        : null;
    fromHeaders.set(from, known);
  }
  return known;
}

/** A display name as nodemailer writes it: as is, quoted (ASCII specials), or one MIME word. */
function addressName(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/[\\"]/g, '\\$&')}"`;
  return mimeFuncs.encodeWord(name, 'B', 52);
}

function header(name: string, value: string): string {
  return mimeFuncs.foldLines(`${name}: ${value}`, 76);
}

/** The message date as nodemailer writes it. */
function dateHeader(at: Date): string {
  return at.toUTCString().replace(/GMT/, '+0000');
}

/** The base64 of a text, in lines of 76. */
function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '') +
    '\r\n'
  );
}

/** The message, or undefined when it is not a plain notice this can build safely. */
export function composeTextMail(mail: TextMail, at: Date = new Date()): ComposedMail | undefined {
  const from = fromHeader(mail.from);
  if (!from || !PLAIN_ADDRESS.test(mail.to)) return undefined;
  if (!/^<[\x21-\x3d\x3f-\x7e]+>$/.test(mail.messageId)) return undefined;
  const extra = Object.entries(mail.headers ?? {});
  if (extra.some(([k, v]) => !PLAIN_HEADER_NAME.test(k) || LINE_BREAK.test(v))) return undefined;
  const lines = [
    from.header,
    header('To', mail.to),
    header('Subject', mimeFuncs.encodeWords(mail.subject.replace(/[\r\n]+/g, ' '), 'B', 52)),
    header('Message-ID', mail.messageId),
    header('Date', dateHeader(at)),
    ...extra.map(([k, v]) => header(k, mimeFuncs.encodeWords(v, 'Q', 52))),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return {
    envelope: { from: from.address, to: [mail.to] },
    raw: Buffer.from(`${lines.join('\r\n')}\r\n\r\n${base64Lines(mail.text)}`, 'utf8'),
  };
}
