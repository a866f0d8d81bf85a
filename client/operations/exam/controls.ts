/**
 * Controls of a running exam mobilization campaign (v2): pause, resume, cancel, add people. Each
 * is a signal to the campaign workflow; the campaign's status in the database follows at once.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { examMobilization } from '../../../workflows/exam/examMobilization';
import {
  examCampaignAddSignal,
  examCampaignCancelSignal,
  examCampaignPauseSignal,
  examCampaignResumeSignal,
} from '../../../workflows/exam/signals';
import { InputError, NotFound, Conflict } from '../../../common/errors';
import { participantsAmong } from '../../../store/exam/participants';
import { campaignOf, type ExamContext } from './storedCampaign';

type CampaignHandle = WorkflowHandle<typeof examMobilization>;

/** A campaign's status as a refusal names it (动员状态). */
const CAMPAIGN_STATE: Record<string, string> = {
  launching: '正在发起',
  running: '正在进行',
  paused: '已暂停',
  cancelled: '已取消',
  completed: '已结束',
};

/** Signals a v2 campaign still under way; a finished one is a clear error. */
async function controlCampaign(
  ctx: ExamContext,
  campaignId: string,
  what: string,
  allowed: string[],
  send: (h: CampaignHandle) => Promise<void>,
  status?: string,
) {
  const c = await campaignOf(ctx, campaignId);
  if (c.stored.engine !== 2)
    throw new Conflict(
      `报考动员“${campaignId}”版本较早，不支持暂停、恢复、取消或增加人员 / exam campaign "${campaignId}" predates campaign controls`,
    );
  if (!allowed.includes(c.status))
    throw new Conflict(
      `报考动员“${campaignId}”${CAMPAIGN_STATE[c.status] ?? c.status}，无法执行 / exam campaign "${campaignId}" is ${c.status}: cannot ${what}`,
    );
  try {
    await send(ctx.temporal.workflow.getHandle<typeof examMobilization>(c.workflowId));
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new Conflict(
        `报考动员“${campaignId}”已结束，无法执行 / exam campaign "${campaignId}" has ended: cannot ${what}`,
      );
    throw e;
  }
  if (status) await ctx.db.examCampaign.update({ where: { id: campaignId }, data: { status } });
  return c;
}

/** A control with no argument: the signal, from which statuses, and the status it leaves. */
const control =
  (what: string, allowed: string[], signal: SignalDefinition, status: string) =>
  async (ctx: ExamContext, campaignId: string): Promise<void> => {
    await controlCampaign(ctx, campaignId, what, allowed, (h) => h.signal(signal), status);
  };

/** Pauses a campaign: no notice goes out and nobody is launched until it resumes. */
export const pauseExamCampaign = control('pause', ['running'], examCampaignPauseSignal, 'paused');

/** Resumes a paused campaign; waves that fell due meanwhile go out now. */
export const resumeExamCampaign = control(
  'resume',
  ['paused'],
  examCampaignResumeSignal,
  'running',
);

/** Cancels a campaign: no further notices; every open journey ends as cancelled. */
export const cancelExamCampaign = control(
  'cancel',
  ['running', 'paused'],
  examCampaignCancelSignal,
  'cancelled',
);

/**
 * Adds people mid-campaign (before the registration window closes): they get the invitation and
 * a journey. People already in the campaign are reported, not added twice.
 */
export async function addToExamCampaign(
  ctx: ExamContext,
  req: { campaignId: string; personIds: string[] },
): Promise<{ added: string[]; already: string[] }> {
  const ids = [...new Set(req.personIds)];
  if (!ids.length) throw new InputError('未指定要增加的人 / names nobody to add');
  const c = await campaignOf(ctx, req.campaignId);
  if (new Date(c.stored.registrationWindow.closes).getTime() <= Date.now())
    throw new Conflict(
      `报考动员“${req.campaignId}”报名已截止 / exam campaign "${req.campaignId}": the registration window has closed`,
    );
  const people = await ctx.db.person.findMany({
    where: { id: { in: ids } },
    select: { id: true, active: true },
  });
  const unknown = ids.filter((id) => !people.some((p) => p.id === id && p.active));
  if (unknown.length)
    throw new NotFound(
      `人员编号不存在或已停用：${unknown.join('、')} / unknown or inactive person id(s): ${unknown.join(', ')}`,
    );
  const inIt = await participantsAmong(ctx.db, req.campaignId, ids);
  const added = ids.filter((id) => !inIt.has(id));
  if (added.length)
    await controlCampaign(ctx, req.campaignId, 'add people', ['running', 'paused'], (h) =>
      h.signal(examCampaignAddSignal, { personIds: added }),
    );
  return { added, already: ids.filter((id) => inIt.has(id)) };
}
