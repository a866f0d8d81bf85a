/**
 * One unit's part of a talent census (人才资源库普查): the unit's contact gets the request, then
 * reminders at the plan's offsets until the unit submits its roster or the deadline passes; a unit
 * still silent at the deadline is escalated to the coordinator. Ids only in the history.
 */
import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import { reminderTimes } from '../rules/reminders';
import {
  censusSubmittedSignal,
  censusUnitQuery,
  censusUnitStatusSignal,
  censusUnitWorkflowId,
  type CensusSubmission,
  type CensusUnitInput,
  type CensusUnitStatus,
} from './signals';

const { sendNotices, recordCensusUnit } = proxyActivities<Activities>(activityOptions('2 minutes'));

export async function censusUnit(input: CensusUnitInput): Promise<CensusUnitStatus> {
  let submission: CensusSubmission | undefined;
  let status: CensusUnitStatus = 'pending';
  let remindersSent = 0;
  setHandler(censusSubmittedSignal, (s) => {
    submission ??= s;
  });
  setHandler(censusUnitQuery, () => ({ status, remindersSent }));

  const notify = (template: string, personId: string, key = template) =>
    sendNotices({
      workflowId: censusUnitWorkflowId(input.censusId, input.unitId),
      template: `census-${template}`,
      params: { censusId: input.censusId, unitId: input.unitId },
      keyPrefix: `${censusUnitWorkflowId(input.censusId, input.unitId)}/${key}`,
      personIds: [personId],
    });
  const tellParent = () =>
    getExternalWorkflowHandle(input.parentWorkflowId).signal(censusUnitStatusSignal, {
      unitId: input.unitId,
      status,
    });

  // Search attributes: pending, then reported or late.
  const step = businessSteps(input.censusId);
  step(status);
  await notify('request', input.contactId);
  const deadline = new Date(input.deadline);
  const plan = {
    deadline,
    offsets: input.reminderOffsets,
    quietHours: input.quietHours,
    timeZone: input.timeZone,
  };
  for (const at of reminderTimes(plan, new Date())) {
    if (await condition(() => submission !== undefined, at.getTime() - Date.now())) break;
    await notify('reminder', input.contactId, `reminder-${++remindersSent}`);
  }
  const submitted = await condition(
    () => submission !== undefined,
    Math.max(0, deadline.getTime() - Date.now()),
  );
  if (submitted) {
    status = 'reported';
    await recordCensusUnit({
      ...input,
      status,
      rows: submission!.rows,
      ...(submission!.submittedBy !== undefined ? { submittedBy: submission!.submittedBy } : {}),
    });
  } else {
    status = 'late';
    await recordCensusUnit({ ...input, status });
    await notify('escalation', input.coordinatorId);
  }
  await tellParent();
  step(status);
  return status;
}
