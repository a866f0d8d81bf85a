/**
 * Exam mobilization campaign (报考动员, Pudong 一抓): resolves the cohort page by page and starts
 * one journey per person (see examJourney.ts). Journeys are independent workflows, not children:
 * a campaign of 8,055 people stays a short history here (one activity per 500 people, continuing
 * as new every 20 pages) and never meets the limit of 2,000 pending children.
 */
import {
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Audience } from '../activities/people/audience';
import type { ExamJourneyInput } from './examJourney';

export interface ExamMobilizationInput {
  campaignId: string;
  cohort: Audience;
  journey: Omit<ExamJourneyInput, 'personId' | 'campaignId'>;
  pageSize?: number;
  resume?: { cursor: string; launched: number };
}

export const examCampaignLaunchQuery = defineQuery<{ launched: number; done: boolean }>(
  'examCampaignLaunch',
);

export function examCampaignWorkflowId(campaignId: string): string {
  return `exam-mobilization/${campaignId}`;
}

const { resolveAudiencePage, startExamJourneys } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const PAGES_PER_RUN = 20;

export async function examMobilization(
  input: ExamMobilizationInput,
): Promise<{ launched: number }> {
  let launched = input.resume?.launched ?? 0;
  let done = false;
  setHandler(examCampaignLaunchQuery, () => ({ launched, done }));
  let cursor = input.resume?.cursor;
  for (let page = 0; ; page++) {
    if (cursor !== undefined && (page === PAGES_PER_RUN || workflowInfo().continueAsNewSuggested)) {
      return await continueAsNew<typeof examMobilization>({
        ...input,
        resume: { cursor, launched },
      });
    }
    const { personIds, nextCursor } = await resolveAudiencePage({
      audience: input.cohort,
      cursor,
      pageSize: input.pageSize ?? 500,
    });
    const r = await startExamJourneys({
      base: { ...input.journey, campaignId: input.campaignId },
      personIds,
    });
    launched += r.started + r.alreadyRunning;
    if (nextCursor === undefined) break;
    cursor = nextCursor;
  }
  done = true;
  return { launched };
}
