/**
 * The embedded SMTP sink: a real SMTP server on loopback that keeps every message it accepts as
 * an .eml file under the mail folder (`.data/mail`), so coordinators can read what was sent with
 * `yz mail`. It stands in for the district's mail relay on one machine. Mail names people and
 * their addresses: the folder is 0700 and every message 0600 (runtime/dataDir.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenTree } from './dataDir';

export interface StoredMail {
  file: string;
  receivedAt: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface MailSink {
  port: number;
  url: string;
  stop(): Promise<void>;
}

function hashOf(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 24);
}

/** File name: arrival time, arrival number, and a hash of the Message-ID (duplicates stay visible). */
function fileName(seq: number, messageId: string): string {
  return `${Date.now()}-${String(seq).padStart(6, '0')}-${hashOf(messageId)}.eml`;
}

/**
 * Writes the message under a temporary name and gives it its `.eml` name only when it is whole:
 * a disk that fills mid-write would otherwise leave a truncated file that `yz mail` lists and
 * `sinkHasMessage` takes for a delivery (the notice then `sent` though the mail was refused).
 */
async function storeMail(dir: string, name: string, raw: Buffer): Promise<void> {
  const part = join(dir, `${name}.part`);
  try {
    await writeFile(part, raw, { mode: PRIVATE_FILE_MODE });
    await rename(part, join(dir, name));
  } catch (e) {
    await rm(part, { force: true }).catch(() => undefined);
    throw e;
  }
}

export async function startMailSink(options: {
  dir: string;
  port: number;
  host?: string;
}): Promise<MailSink> {
  mkdirSync(options.dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tightenTree(options.dir); // mail an earlier version stored readable to all
  let seq = 0;
  let full = false;
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const header = /^message-id:\s*(<[^>]+>)/im.exec(raw.toString('latin1'));
        const messageId = header?.[1] ?? `<no-id-${Date.now()}-${seq}@sink>`;
        // Written off the event loop (the sink shares its process with the worker and the API:
        // creating a file in a folder of thousands took ~1.5 ms of blocked loop each), and
        // answered 250 only once the file is there.
        storeMail(options.dir, fileName(++seq, messageId), raw).then(
          () => {
            if (full) console.warn('[mail sink] 邮件又可以保存了 / storing mail again');
            full = false;
            // smtp-server sends a string given here as the 250 answer's text.
            (callback as (err: null, message: string) => void)(
              null,
              `Message queued as ${hashOf(messageId)}`,
            );
          },
          (e: unknown) => {
            const text = `sink cannot store: ${(e as Error).message}`;
            // Once per outage: a full disk refuses every message, the log names it once.
            if (!full) console.warn(`[mail sink] 无法保存邮件，暂缓接收 / ${text}`);
            full = true;
            callback(Object.assign(new Error(text), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  // A client that dies mid-conversation (a killed worker) must not take the sink down with it.
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') console.warn(`[mail sink] ${e.message}`);
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Files in the mail folder, oldest first. */
export function mailFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
}

/** Whether a message with this Message-ID reached the sink (for notice crash recovery). */
export function sinkHasMessage(dir: string, messageId: string): boolean {
  const suffix = `-${hashOf(messageId)}.eml`;
  return mailFiles(dir).some((f) => f.endsWith(suffix));
}

/**
 * Deletes the stored copies of these messages (by Message-ID); returns how many files went.
 * Used when a person is erased: the mails name them and their address.
 */
export function removeStoredMails(dir: string, messageIds: readonly string[]): number {
  const suffixes = new Set(messageIds.map((id) => `-${hashOf(id)}.eml`));
  let removed = 0;
  for (const file of mailFiles(dir)) {
    if (!suffixes.has(file.slice(file.lastIndexOf('-')))) continue;
    rmSync(join(dir, file), { force: true });
    removed++;
  }
  return removed;
}

export async function readMail(dir: string, file: string): Promise<StoredMail> {
  if (!/^[\w.-]+\.eml$/.test(file))
    throw new Error(`“${file}”不是邮件文件名 / "${file}" is not a mail file name`);
  // Imported when needed: listing the sink's files (`yz mail list`) starts without the parser.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(readFileSync(join(dir, file)));
  const addresses = (v: typeof parsed.to): string[] =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ''));
  return {
    file,
    receivedAt: new Date(Number(file.split('-')[0])).toISOString(),
    messageId: parsed.messageId ?? '',
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
  };
}
