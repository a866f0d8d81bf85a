import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { startRecorded } from '../../client/operations/startRecorded';
import { Conflict } from '../../common/errors';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';

describe.each(providersUnderTest())('startRecorded (%s)', (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(provider);
  }, 60_000);
  afterAll(async () => t?.close());

  /** A census row and a fake start: what each operation does, with the start replaceable. */
  const censusStart = <T>(id: string, start: () => Promise<T>) => {
    const started: string[] = [];
    const run = startRecorded({
      workflowId: `census-${id}`,
      create: () =>
        t.db.censusCampaign.create({
          data: {
            id,
            title: '2026 人才统计 / talent census',
            deadline: new Date('2026-12-31T10:00:00Z'),
            timeZone: 'Asia/Shanghai',
            coordinatorId: 'p-coordinator',
            reminderOffsets: '["3d"]',
            status: 'running',
            workflowId: `census-${id}`,
            createdBy: 'test',
          },
        }),
      start: async () => {
        // The row is there before the workflow starts: its first activity reads it.
        if (await t.db.censusCampaign.findUnique({ where: { id } })) started.push(id);
        return start();
      },
      remove: () => t.db.censusCampaign.delete({ where: { id } }),
    });
    return { run, started };
  };
  const rowOf = (id: string) => t.db.censusCampaign.findUnique({ where: { id } });

  it('keeps the row and returns what the start returned', async () => {
    const { run, started } = censusStart('ok', async () => ({ workflowId: 'census-ok' }));
    await expect(run).resolves.toEqual({ workflowId: 'census-ok' });
    expect(started).toEqual(['ok']);
    expect(await rowOf('ok')).toMatchObject({ status: 'running', workflowId: 'census-ok' });
  });

  it('removes the row and answers Conflict when the workflow id is taken', async () => {
    const { run, started } = censusStart('taken', async () => {
      throw new WorkflowExecutionAlreadyStartedError('already started', 'census-taken', 'census');
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Error).message).toBe(
      '流程 census-taken 已存在 / a workflow census-taken already exists',
    );
    expect(started).toEqual(['taken']);
    expect(await rowOf('taken')).toBeNull();
  });

  it('removes the row and passes any other failure on unchanged', async () => {
    const down = new Error('14 UNAVAILABLE: Temporal is not reachable');
    const { run } = censusStart('down', async () => {
      throw down;
    });
    await expect(run).rejects.toBe(down);
    expect(await rowOf('down')).toBeNull();
  });

  it('starts nothing when the row cannot be written', async () => {
    await censusStart('twice', async () => 'first').run;
    const { run, started } = censusStart('twice', async () => 'second');
    await expect(run).rejects.toThrow();
    expect(started).toEqual([]);
    // The first row stays: a failed create removes nothing.
    expect(await rowOf('twice')).toMatchObject({ workflowId: 'census-twice' });
  });
});
