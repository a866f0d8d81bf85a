/**
 * An announcement wave with a fault in the middle, for the fault tests and the faults bench: the
 * wave starts, the fault begins once `faultAfter` messages are stored, and the figures say what
 * arrived: delivered (distinct Message-IDs in the sink's folder), duplicates, lost, unconfirmed.
 */
import type { Client } from '@temporalio/client';
import { mailFiles } from '../../runtime/mailSink';
import type { Db } from '../../store/db';
import { announcement } from '../../workflows/announcements/announcement';
import { announcementWorkflowId } from '../../workflows/announcements/signals';

export interface WaveFigures {
  people: number;
  delivered: number;
  duplicates: number;
  lost: number;
  unconfirmed: number;
  failed: number;
  /** Messages stored when the fault began. */
  beforeFault: number;
  faultMs: number;
  /** From the fault's end to the wave's completion. */
  recoverMs: number;
  totalMs: number;
}

export interface WaveRun {
  db: Db;
  client: Client;
  taskQueue: string;
  mailDir: string;
  id: string;
  people: number;
  batchSize?: number;
  parallelBatches?: number;
  faultAfter: number;
  /** Starts the fault; resolves when it is over. */
  fault: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sink's files and the distinct Message-IDs among them (the file name ends with its hash). */
export function storedMail(mailDir: string): { files: number; distinct: number } {
  const files = mailFiles(mailDir);
  return { files: files.length, distinct: new Set(files.map((f) => f.split('-')[2])).size };
}

export async function waveWithFault(run: WaveRun): Promise<WaveFigures> {
  const { db, id } = run;
  const workflowId = announcementWorkflowId(id);
  await db.announcement.create({
    data: {
      id,
      title: '故障演练',
      body: '{name}，这是一条故障演练通知。',
      audience: JSON.stringify({ unitIds: ['pudong'] }),
      timeZone: 'Asia/Shanghai',
      createdBy: 'faults',
      status: 'scheduled',
      workflowId,
      recipientCount: run.people,
    },
  });
  const started = Date.now();
  const handle = await run.client.workflow.start(announcement, {
    taskQueue: run.taskQueue,
    workflowId,
    args: [
      {
        announcementId: id,
        audience: { unitIds: ['pudong'] },
        timeZone: 'Asia/Shanghai',
        quietHours: null,
        ...(run.batchSize ? { batchSize: run.batchSize } : {}),
        ...(run.parallelBatches ? { parallelBatches: run.parallelBatches } : {}),
      },
    ],
  });
  while (storedMail(run.mailDir).files < run.faultAfter) await sleep(20);
  const beforeFault = storedMail(run.mailDir).files;
  const faultStart = Date.now();
  await run.fault();
  const faultEnd = Date.now();
  await handle.result();
  const done = Date.now();
  const { files, distinct } = storedMail(run.mailDir);
  return {
    people: run.people,
    delivered: distinct,
    duplicates: files - distinct,
    lost: run.people - distinct,
    unconfirmed: await db.notice.count({ where: { workflowId, status: 'unconfirmed' } }),
    failed: await db.notice.count({ where: { workflowId, status: 'failed' } }),
    beforeFault,
    faultMs: faultEnd - faultStart,
    recoverMs: done - faultEnd,
    totalMs: done - started,
  };
}
