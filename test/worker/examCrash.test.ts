/**
 * Faults during an exam campaign's launch (issue #4): the worker process is killed (SIGKILL) at
 * random moments while 500 people are being invited and their journeys started, and restarted
 * each time. The sink must end with exactly one invitation per person (none lost, none twice),
 * and every person must have exactly one journey.
 */
import { expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { cancelExamCampaign } from '../../client/operations/exam/controls';
import { startExamCampaign } from '../../client/operations/exam/start';
import { examCampaignProgressQuery, examCampaignWorkflowId } from '../../workflows/exam/signals';
import { useWorkerCrashStack } from '../harness/workerCrash';
import { waitFor } from '../harness/waitFor';
import { testDataConverter } from '../harness/payloadKeys';

const PEOPLE = 500;
const stack = useWorkerCrashStack('exam-crash', { streets: 2, unitsPerStreet: 5, people: PEOPLE });

it('kill -9 of the worker during a campaign launch, 5 times: one invitation and one journey each', async () => {
  const client = new Client({ connection: stack.connection, dataConverter: testDataConverter });
  const ctx = {
    db: stack.tdb.db,
    temporal: client,
    taskQueue: stack.taskQueue,
    timeZone: 'Asia/Shanghai',
    quietHours: null,
  };
  stack.startWorker();
  const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  await startExamCampaign(
    ctx,
    {
      id: 'crash-exam',
      name: '故障演练',
      examYear: new Date().getUTCFullYear() + 1,
      levels: ['assistant_social_worker'],
      registrationWindow: { opens: days(0), closes: days(20) },
      examDates: { comprehensive_junior: days(60), practice_junior: days(61) },
      cohort: { unitIds: ['pudong'] },
      reminders: { quietHours: 'off' },
    },
    '测试',
    { pageSize: 100 },
  );
  const progress = () =>
    client.workflow
      .getHandle(examCampaignWorkflowId('crash-exam'))
      .query(examCampaignProgressQuery);
  // Kill while invitations are going out, then while journeys are being started.
  await stack.killSending({ kills: 5, step: 40, target: PEOPLE, jitterMs: 500 });
  // (A query times out while no worker is up yet: asked again.)
  await waitFor(
    async () => (await progress().catch(() => undefined))?.phase === 'running',
    300_000,
  );
  expect(await progress()).toMatchObject({ invited: PEOPLE, launched: PEOPLE });

  stack.expectOneMessageEach(PEOPLE);
  expect(
    await stack.tdb.db.notice.count({
      where: {
        template: 'exam-invitation',
        status: 'sent',
        workflowId: 'exam-mobilization/crash-exam',
      },
    }),
  ).toBe(PEOPLE);
  expect(await stack.tdb.db.examParticipant.count({ where: { campaignId: 'crash-exam' } })).toBe(
    PEOPLE,
  );
  // Over: every journey ends as cancelled, exactly once each.
  await cancelExamCampaign(ctx, 'crash-exam');
  await waitFor(
    async () =>
      (await stack.tdb.db.examCompletion.count({
        where: { campaignId: 'crash-exam', outcome: 'cancelled' },
      })) === PEOPLE,
    120_000,
  );
}, 600_000);
