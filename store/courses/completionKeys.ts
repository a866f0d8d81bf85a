/**
 * The keys a course completion (结业) is known by: its credit's source key in the training
 * records and the ledger, and its certificate number (结业证书编号). Written by the course
 * activities, read back by the certificate.
 */
import { createHash } from 'node:crypto';

export const courseSourceKey = (seriesId: string, personId: string) =>
  `course/${seriesId}/${personId}`;

/** The completion certificate's number (结业证书编号), one per completion (a renewed one differs). */
export function certificateNumber(seriesId: string, personId: string, completedAt: Date): string {
  const h = createHash('sha256')
    .update(`${seriesId}\u0000${personId}\u0000${completedAt.toISOString()}`)
    .digest('hex');
  return `JY-${h.slice(0, 12).toUpperCase()}`;
}
