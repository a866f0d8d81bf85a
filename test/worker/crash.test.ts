/**
 * Faults: the worker process is killed (SIGKILL) at random moments while an announcement to 300
 * people is being sent, and restarted each time. The mail sink must end with exactly one message
 * per person: none lost, none twice.
 */
import { expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { useWorkerCrashStack } from '../harness/workerCrash';
import { testDataConverter } from '../harness/payloadKeys';

const PEOPLE = 300;
const stack = useWorkerCrashStack('crash', { streets: 2, unitsPerStreet: 3, people: PEOPLE });

it('kill -9 of the worker mid-send, three times: every person gets exactly one message', async () => {
  const client = new Client({ connection: stack.connection, dataConverter: testDataConverter });
  stack.startWorker();
  await createAnnouncement(
    {
      db: stack.tdb.db,
      temporal: client,
      taskQueue: stack.taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours: null,
    },
    {
      id: 'crash-test',
      title: '故障演练',
      body: '{name}，这是一条故障演练通知。',
      audience: { unitIds: ['pudong'] },
      createdBy: '测试',
    },
  );
  // Kill once sending is under way (or after a while, if the restart is slow).
  await stack.killSending({ kills: 3, step: 20, target: Infinity, jitterMs: 300 });
  const result = await client.workflow.getHandle(announcementWorkflowId('crash-test')).result();
  expect(result).toMatchObject({ status: 'completed', failed: 0, unconfirmed: 0 });

  stack.expectOneMessageEach(PEOPLE);
  expect(
    await stack.tdb.db.notice.count({
      where: { workflowId: 'announcement/crash-test', status: 'sent' },
    }),
  ).toBe(PEOPLE);
}, 240_000);
