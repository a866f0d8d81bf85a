/**
 * Reading the embedded SMTP sink's folder: what notices went out, to whom, with what text.
 */
import { mailFiles, readMail, type StoredMail } from '../../../runtime/mailSink';
import { InputError, NotFound } from '../../../common/errors';

export type MailSummary = Omit<StoredMail, 'text'>;

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
    throw new InputError(`limit ${limit} is not a whole number from 1 to 1000`);
  }
  const to = filter.to?.toLowerCase();
  const out: MailSummary[] = [];
  for (const file of mailFiles(dir).reverse()) {
    const { receivedAt, messageId, from, to: recipients, subject } = await readMail(dir, file);
    if (to && !recipients.some((a) => a.toLowerCase() === to)) continue;
    out.push({ file, receivedAt, messageId, from, to: recipients, subject });
    if (out.length >= limit) break;
  }
  return out;
}

/** One message in full. */
export async function readMailFile(dir: string, file: string): Promise<StoredMail> {
  if (!mailFiles(dir).includes(file)) throw new NotFound(`no mail file "${file}" in ${dir}`);
  return readMail(dir, file);
}
