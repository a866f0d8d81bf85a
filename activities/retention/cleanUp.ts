/**
 * The retention clean-up's one side effect: sent notices (with their rendered subject and
 * address) and the sink's stored mails older than their retention (config/env.ts `retention`)
 * are deleted. Idempotent: a retry deletes what is still there.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../store/db';
import { mailFiles } from '../../runtime/mailSink';
import { FINISHED_NOTICE_STATUSES, retentionCutoff } from '../../workflows/rules/retention';

export interface RetentionSettings {
  mailDays: number | null;
  noticeDays: number | null;
}

export interface RetentionDeps {
  db: Db;
  retention?: RetentionSettings;
  /** The embedded sink's folder, when mail is stored on this machine. */
  mailDir?: string;
}

export interface CleanUpResult {
  noticesDeleted: number;
  mailsDeleted: number;
}

/** Deletes stored mail files received before `cutoff` (their names begin with the arrival ms). */
export function deleteMailsBefore(dir: string, cutoff: Date): number {
  let deleted = 0;
  for (const file of mailFiles(dir)) {
    const received = Number(file.split('-')[0]);
    if (!Number.isFinite(received) || received >= cutoff.getTime()) continue;
    rmSync(join(dir, file), { force: true });
    deleted++;
  }
  return deleted;
}

export function retentionActivities(deps: RetentionDeps) {
  return {
    /** `nowMs`: the workflow's clock, so a replayed or time-skipped run cleans as of its time. */
    async cleanUpBeyondRetention(input: { nowMs: number }): Promise<CleanUpResult> {
      const now = new Date(input.nowMs);
      const noticeCutoff = retentionCutoff(now, deps.retention?.noticeDays ?? null);
      const mailCutoff = retentionCutoff(now, deps.retention?.mailDays ?? null);
      const noticesDeleted = noticeCutoff
        ? (
            await deps.db.notice.deleteMany({
              where: {
                status: { in: [...FINISHED_NOTICE_STATUSES] },
                updatedAt: { lt: noticeCutoff },
              },
            })
          ).count
        : 0;
      const mailsDeleted =
        mailCutoff && deps.mailDir ? deleteMailsBefore(deps.mailDir, mailCutoff) : 0;
      return { noticesDeleted, mailsDeleted };
    },
  };
}
