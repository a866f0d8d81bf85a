/**
 * One person's step told to their journey (registered, withdrawn), for the registration and
 * withdrawal operations. v2: the step is written to the participant at once (so the next wave
 * already leaves that person out) and signalled to the journey — starting it, should the launch
 * not have reached that person yet. v1: the journey is signalled and records the step itself.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  keepWithdrawalReason,
  markRegistered,
  OPEN_STATUSES,
} from '../../../store/exam/participants';
// The workflow by type only: journeys are started by type name, the module is never loaded here.
import { PARTICIPANT_STATUS, zhOf } from '../../../workflows/rules/vocabulary';
import type { examJourney } from '../../../workflows/exam/examJourney';
import {
  examJourneyWorkflowId,
  examRegisteredSignal,
  examWithdrawSignal,
  type ExamJourneyInput,
} from '../../../workflows/exam/signals';
import { NotFound, Conflict } from '../../../common/errors';
import { journeyBase, type ExamContext, type StoredCampaign } from './storedCampaign';

/**
 * v2: writes the step to the participant (only from an open status) and signals the journey,
 * starting it if the launch has not reached it yet; a journey that has ended is a clear error.
 * The signal carries no words: the reason of a withdrawal is written to the database only.
 */
export async function journeyStep(
  ctx: ExamContext,
  campaign: StoredCampaign,
  personId: string,
  what: 'register' | 'withdraw',
  /** The reason of a withdrawal. */
  reason = '',
): Promise<void> {
  const key = { campaignId_personId: { campaignId: campaign.id, personId } };
  const p = await ctx.db.examParticipant.findUnique({ where: key });
  if (!p)
    throw new NotFound(
      `${personId} 不在报考动员“${campaign.id}”中 / ${personId} is not in exam campaign "${campaign.id}"`,
    );
  /** Where the journey stopped, in each language: a status, or the registration having closed. */
  const ended = (at: { zh: string; en: string }) =>
    new Conflict(
      `${personId} 的报考流程已结束（${at.zh}），无法${what === 'register' ? '报名' : '退出'} / ${personId}'s journey has ended (${at.en}): cannot ${what}`,
    );
  const status = (code: string) => ({ zh: zhOf(PARTICIPANT_STATUS, code), en: code });
  if (!OPEN_STATUSES.includes(p.status)) throw ended(status(p.status));
  if (what === 'register' && p.status === 'registered') return; // already: nothing to do
  const workflowId = examJourneyWorkflowId(campaign.id, personId);
  const input: ExamJourneyInput = {
    ...journeyBase(campaign.stored),
    campaignId: campaign.id,
    personId,
    waves: true,
  };
  const options = {
    taskQueue: ctx.taskQueue,
    workflowId,
    args: [input] as [ExamJourneyInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  };
  try {
    const signal = what === 'register' ? examRegisteredSignal : examWithdrawSignal;
    await ctx.temporal.workflow.signalWithStart<typeof examJourney, [object]>('examJourney', {
      ...options,
      signal,
      signalArgs: [{}],
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError || e instanceof WorkflowNotFoundError)
      throw ended(
        p.status === 'invited' ? { zh: '报名已截止', en: 'registration closed' } : status(p.status),
      );
    throw e;
  }
  if (what === 'register') await markRegistered(ctx.db, { campaignId: campaign.id, personId });
  else {
    await ctx.db.examParticipant.updateMany({
      where: { ...key.campaignId_personId, status: { in: OPEN_STATUSES } },
      data: { status: 'withdrawn' },
    });
    if (reason) await keepWithdrawalReason(ctx.db, key.campaignId_personId, reason);
  }
}

/** v1: signals one journey; a person outside the campaign or a finished journey is a clear error. */
export async function signalJourney(
  ctx: ExamContext,
  campaignId: string,
  personId: string,
  send: (handle: ReturnType<ExamContext['temporal']['workflow']['getHandle']>) => Promise<void>,
  what: string,
): Promise<void> {
  const p = await ctx.db.examParticipant.findUnique({
    where: { campaignId_personId: { campaignId, personId } },
  });
  if (!p)
    throw new NotFound(
      `${personId} 不在报考动员“${campaignId}”中 / ${personId} is not in exam campaign "${campaignId}"`,
    );
  try {
    await send(ctx.temporal.workflow.getHandle(examJourneyWorkflowId(campaignId, personId)));
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new Conflict(
        `${personId} 的报考流程已结束（${zhOf(PARTICIPANT_STATUS, p.status)}）/ ${personId}'s journey has ended (${p.status}): cannot ${what}`,
      );
    throw e;
  }
}
