/**
 * The exam mobilization's (报考动员) activities, made from the parts they use: the database, the
 * outbox delivery (notice waves) and a Temporal client (to start and signal journeys).
 * activities/index.ts spreads them into the worker's activities. Each is a function of
 * (parts, input) in its module; here it is bound to the parts, keeping its name and its input.
 */
import { refreshExamKpis } from '../../store/exam/kpis';
import type { ExamActivityDeps } from './deps';
import * as campaign from './campaign';
import * as journeys from './journeys';
import * as outcomes from './outcomes';
import * as waves from './waves';

export type { ExamActivityDeps } from './deps';

export function examActivities(deps: ExamActivityDeps) {
  const bound =
    <I, O>(run: (deps: ExamActivityDeps, input: I) => Promise<O>) =>
    (input: I): Promise<O> =>
      run(deps, input);
  return {
    // The campaign's launch and bulk steps (campaign.ts, waves.ts).
    recordExamInvitees: bound(campaign.recordExamInvitees),
    examParticipantPage: bound(campaign.examParticipantPage),
    startExamJourneys: bound(journeys.startExamJourneys),
    queueExamWave: bound(waves.queueExamWave),
    sendExamWave: bound(waves.sendExamWave),
    finishExamWave: bound(waves.finishExamWave),
    closeExamParticipants: bound(campaign.closeExamParticipants),
    tellExamJourneys: bound(campaign.tellExamJourneys),
    refreshExamCampaign: bound(({ db }, input: { campaignId: string }) =>
      refreshExamKpis(db, input.campaignId),
    ),
    recordExamCampaignStatus: bound(campaign.recordExamCampaignStatus),
    // One person's journey (journeys.ts, outcomes.ts).
    registerExamJourney: bound(journeys.registerExamJourney),
    recordExamParticipant: bound(journeys.recordExamParticipant),
    decideExamOutcome: bound(outcomes.decideExamOutcome),
    completeExamJourney: bound(outcomes.completeExamJourney),
  };
}
