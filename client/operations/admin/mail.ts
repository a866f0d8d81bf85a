/**
 * Reading the embedded SMTP sink's folder: what notices went out, to whom, with what text.
 */
import { mailFiles, readMail, type StoredMail } from '../../../runtime/mailSink';
import { InputError, NotFound } from '../../../common/errors';

/** `ref`: the message's number in the folder (1 = the oldest), a short name for `mail read`. */
export type MailSummary = Omit<StoredMail, 'text'> & { ref: number };

export interface MailFilter {
  /** Only messages with this recipient address (case-insensitive). */
  to?: string;
  /** Default 20, at most 1000. */
  limit?: number;
}

/** The newest messages matching the filter, newest first. */
export async function listMail(dir: string, filter: MailFilter = {}): Promise<MailSummary[]> {
  const limit = filter.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InputError(
      `条数须为 1–1000 的整数 / limit ${limit} is not a whole number from 1 to 1000`,
    );
  }
  const to = filter.to?.toLowerCase();
  const out: MailSummary[] = [];
  const files = mailFiles(dir);
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i]!;
    const { receivedAt, messageId, from, to: recipients, subject } = await readMail(dir, file);
    if (to && !recipients.some((a) => a.toLowerCase() === to)) continue;
    out.push({ ref: i + 1, file, receivedAt, messageId, from, to: recipients, subject });
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * One message in full, named by its file name, its number in `mail list` (`ref`) or a prefix of
 * the file name that only one message has.
 */
export async function readMailFile(
  dir: string,
  name: string,
): Promise<StoredMail & { ref: number }> {
  const files = mailFiles(dir);
  const wanted = name.trim().replace(/^#/, '');
  let index = files.indexOf(wanted);
  if (index < 0 && /^\d+$/.test(wanted) && Number(wanted) >= 1 && Number(wanted) <= files.length)
    index = Number(wanted) - 1;
  if (index < 0 && wanted) {
    const matches = files.flatMap((f, i) => (f.startsWith(wanted) ? [i] : []));
    if (matches.length > 1)
      throw new InputError(
        `“${wanted}”对应 ${matches.length} 封邮件，请写得更长或用编号 / "${wanted}" starts ${matches.length} mail files; give more of the name or the number from \`yz mail list\``,
      );
    index = matches[0] ?? -1;
  }
  if (index < 0)
    throw new NotFound(
      `没有邮件“${wanted}” / no mail "${wanted}" in ${dir} (give the number or file name from \`yz mail list\`)`,
    );
  return { ref: index + 1, ...(await readMail(dir, files[index]!)) };
}
