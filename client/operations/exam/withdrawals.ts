/**
 * Withdrawing a person from an exam mobilization campaign (退出), with a reason. The reason stays
 * in the database (it may name a phone or an illness); the journey is told only that it ended.
 */
import { refreshExamKpis } from '../../../store/exam/kpis';
import { keepWithdrawalReason } from '../../../store/exam/participants';
import { examWithdrawSignal } from '../../../workflows/exam/signals';
import { InputError } from '../../../common/errors';
import { campaignOf, type ExamContext } from './storedCampaign';
import { journeyStep, signalJourney } from './journeys';

export async function withdrawFromExam(
  ctx: ExamContext,
  req: { campaignId: string; personId: string; reason: string },
): Promise<void> {
  if (!req.reason?.trim())
    throw new InputError('退出报考须写明原因 / a reason is required to withdraw someone');
  const campaign = await campaignOf(ctx, req.campaignId);
  if (campaign.stored.engine === 2) {
    await journeyStep(ctx, campaign, req.personId, 'withdraw', req.reason);
    await refreshExamKpis(ctx.db, req.campaignId);
    return;
  }
  await signalJourney(
    ctx,
    req.campaignId,
    req.personId,
    (h) => h.signal(examWithdrawSignal, {}),
    'withdraw',
  );
  await keepWithdrawalReason(ctx.db, req, req.reason);
}
