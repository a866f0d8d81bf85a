/**
 * How an exam journey ends (报考结果): the verdict from the recorded results by the pass rules
 * (v1), and the completion record (结业记录, v2) with the continuing-education ledger started on
 * a pass. All idempotent.
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import type { ExamActivityDeps, WithDb } from './deps';
import { examVerdict, type ExamLevel, type ExamVerdict } from '../../workflows/rules/examRules';
import type { QuietHours } from '../../workflows/rules/quietHours';
import { ledgerRegistration } from '../../store/credits/ledgerRegistration';
import { startCeLedger } from '../../store/credits/ledger';
import { ceRulesOf } from '../../store/credits/ceRules';
import { ceHoursProblem } from '../../workflows/rules/continuingEducation';
import type { JourneyStatus } from '../../workflows/exam/signals';

/** The verdict from the recorded results; a pass records the certificate and a reward application. */
export async function decideExamOutcome(
  { db }: WithDb,
  input: { campaignId: string; personId: string; level: ExamLevel; examYear: number },
): Promise<ExamVerdict> {
  const results = await db.examSubjectResult.findMany({
    where: { personId: input.personId, level: input.level, examYear: { lte: input.examYear } },
  });
  const verdict = examVerdict(input.level, results, input.examYear);
  const key = { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } };
  await db.$transaction(async (tx) => {
    if (verdict.passed) {
      const obtainedOn = new Date();
      await tx.certificate.upsert({
        where: { personId_level: { personId: input.personId, level: input.level } },
        create: { personId: input.personId, level: input.level, obtainedOn },
        update: {},
      });
      await tx.rewardApplication.upsert({
        where: key,
        create: { ...key.campaignId_personId, level: input.level, status: 'pending' },
        update: {},
      });
    }
    await tx.examParticipant.update({
      where: key,
      data: verdict.passed ? { status: 'passed', certifiedAt: new Date() } : { status: 'failed' },
    });
  });
  return verdict;
}

/**
 * The journey's completion record (结业记录), written once: how it ended, the reason of a
 * withdrawal (the one the operation wrote to the participant; older runs pass it in), the sprint
 * class. An outcome not given is read from the participant (decided in
 * bulk by the results import; decided here from the results if the import predates the bulk step).
 * On a pass the person's continuing-education ledger starts (harmless if it runs already).
 */
export async function completeExamJourney(
  { db, temporal }: Pick<ExamActivityDeps, 'db' | 'temporal'>,
  input: {
    campaignId: string;
    personId: string;
    outcome?: 'withdrawn' | 'cancelled' | 'not_registered';
    reason?: string;
    sprintClass?: string | null;
  },
): Promise<JourneyStatus> {
  const key = { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } };
  let outcome: string | undefined = input.outcome;
  let reason = input.reason ?? null;
  if (outcome) {
    const p = await db.examParticipant.update({
      where: key,
      data: {
        status: outcome,
        ...(outcome === 'withdrawn' && input.reason !== undefined
          ? { withdrawnReason: input.reason }
          : {}),
      },
    });
    if (outcome === 'withdrawn') reason ??= p.withdrawnReason;
  } else {
    const p = await db.examParticipant.findUniqueOrThrow({ where: key });
    outcome = p.status;
    if (outcome === 'registered') {
      const campaign = await db.examCampaign.findUniqueOrThrow({
        where: { id: input.campaignId },
      });
      const v = await decideExamOutcome(
        { db },
        {
          campaignId: input.campaignId,
          personId: input.personId,
          level: p.level as ExamLevel,
          examYear: campaign.examYear,
        },
      );
      outcome = v.passed ? 'passed' : 'failed';
    }
  }
  await db.examCompletion.upsert({
    where: key,
    create: {
      campaignId: input.campaignId,
      personId: input.personId,
      outcome,
      reason,
      sprintClass: input.sprintClass ?? null,
    },
    update: {},
  });
  if (outcome === 'passed') {
    const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: input.campaignId } });
    const d = JSON.parse(campaign.definition) as {
      timeZone: string;
      reminders: { quietHours: QuietHours | null };
    };
    await startLedgerOnPass({ db, temporal }, input.personId, d.timeZone, d.reminders.quietHours);
  }
  // No KPI refresh here: the bulk step that decided the outcome (results import, cancel, the
  // client's withdrawal) has done it; one per journey would be 8,055 recounts.
  return outcome as JourneyStatus;
}

/**
 * Starts the continuing-education ledger of a person who just passed, when a registration of a
 * certificate of theirs is in force (or recorded to begin). A new certificate is not yet
 * registered (登记): its ledger starts when its registration is recorded (a coordinator's
 * `credits register`, a roster, a renewal), never from the date it was obtained.
 */
async function startLedgerOnPass(
  { db, temporal }: Pick<ExamActivityDeps, 'db' | 'temporal'>,
  personId: string,
  timeZone: string,
  quietHours: QuietHours | null,
): Promise<void> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable(
      '此 worker 没有 Temporal 客户端，无法启动学时台账 / this worker has no Temporal client to start ledgers',
    );
  const reg = await ledgerRegistration(db, personId, new Date());
  if (!reg) return;
  const rules = await ceRulesOf(db);
  const problem = ceHoursProblem(reg.level, rules);
  if (problem) {
    // Not the exam's concern: the pass stands; the ledger starts once the level has its hours.
    log.warn(`${personId}: 台账未开启 / ledger not started: ${problem}`);
    return;
  }
  await startCeLedger(temporal, {
    personId,
    level: reg.level,
    registeredOn: new Date(reg.registeredOn),
    timeZone,
    quietHours,
    rules,
  });
}
