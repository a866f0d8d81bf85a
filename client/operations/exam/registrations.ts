/**
 * Registrations (报名) in an exam mobilization campaign: by person id, or by the exam authority's
 * registered list (CSV/XLSX), checked row by row before anyone is registered.
 */
import { refreshExamKpis } from '../../../store/exam/kpis';
import {
  checkExamRegistrations,
  type RegistrationProblem,
} from '../../../store/exam/registrations';
import { inWindow } from '../../../workflows/rules/chunk';
import { examRegisteredSignal } from '../../../workflows/exam/signals';
import { InputError } from '../../../common/errors';
import { campaignOf, type ExamContext, type StoredCampaign } from './storedCampaign';
import { journeyStep, signalJourney } from './journeys';

/**
 * Registers people through their journeys (v2: recorded at once, then signalled; v1: signalled).
 * Who registered them (`by`) is not sent to the journeys: the history carries ids only.
 */
async function registerPeople(
  ctx: ExamContext,
  campaign: StoredCampaign,
  personIds: string[],
): Promise<void> {
  if (campaign.stored.engine === 2) {
    // The exam authority's registered list may name thousands: 16 at a time; the first error
    // (unknown person, ended journey) is reported; each registration stands on its own.
    await inWindow([...new Set(personIds)], 16, (personId) =>
      journeyStep(ctx, campaign, personId, 'register'),
    );
    await refreshExamKpis(ctx.db, campaign.id);
    return;
  }
  for (const personId of personIds)
    await signalJourney(
      ctx,
      campaign.id,
      personId,
      (h) => h.signal(examRegisteredSignal, {}),
      'register',
    );
}

export async function registerForExam(
  ctx: ExamContext,
  req: { campaignId: string; personIds: string[]; by: string },
): Promise<{ registered: number }> {
  const campaign = await campaignOf(ctx, req.campaignId);
  await registerPeople(ctx, campaign, req.personIds);
  return { registered: req.personIds.length };
}

export interface RegistrationImport {
  rows: number;
  /** False when any row has a problem: then nobody is registered. */
  committed: boolean;
  counts: { registered: number; alreadyRegistered: number; invalid: number };
  problems: RegistrationProblem[];
}

/**
 * Imports the exam authority's registered list (CSV/XLSX): every row is checked first (see
 * store/exam/registrations.ts); a file with any problem registers nobody and reports them
 * by row. A clean file registers its people the way `registerForExam` does; people registered
 * already are counted, not registered twice, so importing the same file again changes nothing.
 */
export async function importExamRegistrations(
  ctx: ExamContext,
  req: { campaignId: string; bytes: Uint8Array; name: string; by: string },
): Promise<RegistrationImport> {
  const campaign = await campaignOf(ctx, req.campaignId);
  // A file that is no spreadsheet is a RosterFileError: an InputError (400) as it stands.
  const check = await checkExamRegistrations(ctx.db, {
    campaignId: req.campaignId,
    bytes: req.bytes,
    name: req.name,
  });
  if (check.rows === 0)
    throw new InputError(
      `${req.name} 表头下没有任何行 / ${req.name} names nobody: no rows below its header`,
    );
  const report = (committed: boolean, registered: number): RegistrationImport => ({
    rows: check.rows,
    committed,
    counts: {
      registered,
      alreadyRegistered: check.already.length,
      invalid: new Set(check.problems.map((p) => p.row)).size,
    },
    problems: check.problems,
  });
  if (check.problems.length) return report(false, 0);
  await registerPeople(ctx, campaign, check.toRegister);
  return report(true, check.toRegister.length);
}
