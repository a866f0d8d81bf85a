/**
 * A notice's Message-ID, derived from its outbox key: the same notice always carries the same id,
 * so a retried send is recognised by the mail provider and an erasure finds the stored mails.
 */
import { createHash } from 'node:crypto';

export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@yanzhen.notice>`;
}
