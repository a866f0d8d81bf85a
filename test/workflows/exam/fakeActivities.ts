/**
 * Fake exam activities for fast workflow tests: plain async functions that record each call
 * (name and input) and answer like the real ones would for a small cohort, with no database,
 * mail or Temporal client behind them.
 */
import type { Activities } from '../../../activities';

export interface Call {
  name: string;
  input: Record<string, unknown>;
}

type ExamFakes = Pick<
  Activities,
  | 'sendNotices'
  | 'recordExamParticipant'
  | 'decideExamOutcome'
  | 'registerExamJourney'
  | 'completeExamJourney'
  | 'resolveAudiencePage'
  | 'recordExamInvitees'
  | 'sendExamWave'
  | 'startExamJourneys'
  | 'examParticipantPage'
  | 'refreshExamCampaign'
  | 'queueExamWave'
  | 'finishExamWave'
  | 'closeExamParticipants'
  | 'tellExamJourneys'
  | 'recordExamCampaignStatus'
>;

/** Fakes for a cohort of `people`; `passed` is what decideExamOutcome answers. */
export function fakeExamActivities(people: string[], passed = true) {
  const calls: Call[] = [];
  const record = (name: string, input: object) =>
    void calls.push({ name, input: input as Record<string, unknown> });
  const fakes: ExamFakes = {
    async sendNotices(batch) {
      record('sendNotices', batch);
      const n = batch.personIds.length;
      return { sent: n, failed: 0, unconfirmed: 0, alreadySent: 0 };
    },
    async recordExamParticipant(step) {
      record('recordExamParticipant', step);
    },
    async decideExamOutcome(input) {
      record('decideExamOutcome', input);
      return { passed, carried: [], missing: passed ? [] : ['practice'] };
    },
    async registerExamJourney(input) {
      record('registerExamJourney', input);
      return { courses: [], sprintClass: null, waitlisted: false };
    },
    async completeExamJourney(input) {
      record('completeExamJourney', input);
      return input.outcome ?? (passed ? 'passed' : 'failed');
    },
    async resolveAudiencePage(input) {
      record('resolveAudiencePage', input);
      return { personIds: people, nextCursor: undefined };
    },
    async recordExamInvitees(input) {
      record('recordExamInvitees', input);
      return { added: input.personIds.length };
    },
    async sendExamWave(input) {
      record('sendExamWave', input);
      const n = input.personIds.length;
      return { sent: n, failed: 0, unconfirmed: 0, alreadySent: 0, skipped: 0 };
    },
    async startExamJourneys(input) {
      record('startExamJourneys', input);
      return { started: input.personIds.length, alreadyRunning: 0 };
    },
    async examParticipantPage(input) {
      record('examParticipantPage', input);
      return { personIds: people.slice(0, input.pageSize) };
    },
    async refreshExamCampaign(input) {
      record('refreshExamCampaign', input);
    },
    async queueExamWave(input) {
      record('queueExamWave', input);
      return { recipients: people.length };
    },
    async finishExamWave(input) {
      record('finishExamWave', input);
    },
    async closeExamParticipants(input) {
      record('closeExamParticipants', input);
      return { closed: people.length };
    },
    async tellExamJourneys(input) {
      record('tellExamJourneys', input);
      return { told: people.length };
    },
    async recordExamCampaignStatus(input) {
      record('recordExamCampaignStatus', input);
    },
  };
  return {
    activities: fakes,
    calls,
    named: (name: string) => calls.filter((c) => c.name === name),
  };
}
