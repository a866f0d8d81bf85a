/**
 * One CE period of a ledger whose periods come from registration records (证书登记): the
 * registration in force gives the period; with none in force the ledger waits, sending nothing,
 * until one is recorded (a coordinator, a roster) or begins. Credits and claims count as in every
 * run. At a compliant end the renewal is recorded (续期登记) and the next period begins; at a
 * non-compliant end the next run waits for a registration again. A registration recorded during
 * the period makes the run start over from the records (continue-as-new).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import { ceCheckpoints, type CeCheckpoint } from '../rules/ceCalendar';
import {
  ceHoursProblem,
  ceStanding,
  DEFAULT_CE_RULES,
  type Period,
} from '../rules/continuingEducation';
import { registrationPeriod, renewalOf } from '../rules/registration';
import type { credits } from './credits';
import { handleLedger, LedgerBook, walkCheckpoints } from './ledgerBook';
import {
  creditsWorkflowId,
  registrationRecordedSignal,
  type CreditsInput,
  type LedgerView,
} from './signals';
import { acts, checkpointNotice, localActs, PERIOD_TEMPLATES } from './steps';

export async function registeredPeriod(input: CreditsInput): Promise<void> {
  let rules = input.rules ?? DEFAULT_CE_RULES;
  const id = creditsWorkflowId(input.personId);
  const book = new LedgerBook();
  let recorded = 0;
  let opened = false;
  let current: { level: string; period: Period } | undefined;
  /** Why the registration found cannot be counted (its level has no CE hours known). */
  let levelProblem: string | undefined;
  setHandler(registrationRecordedSignal, () => void recorded++);
  // Credits posted while no registration is in force are not counted: the course wrote them to
  // the records first, and the period reads the records once its registration is known.
  handleLedger(
    book,
    input.personId,
    acts,
    () =>
      current
        ? {
            ...book.view(input.personId, current.level, current.period, rules),
            registration: 'in_force',
          }
        : awaiting(input, book, levelProblem),
    () => current !== undefined,
    () => opened,
  );

  // Runs from credits-ledger-opening on read the registration and its period's credits in one
  // local activity: one activation of the workflow fewer per run, which `credits start --all`
  // multiplies by every registered person. Earlier runs replay their two steps.
  const oneStep = patched('credits-ledger-opening');
  // Search attributes: awaiting_registration, in_period, period_closed (the program: ce-<start>).
  const awaitingStep = businessSteps();
  // The registration in force; else wait for one to be recorded, or for a recorded one to begin.
  let seen: number;
  let opening: { sourceKey: string; hoursTenths: number }[] | undefined;
  for (;;) {
    seen = recorded;
    const ask = { personId: input.personId, on: new Date().toISOString() };
    const {
      registration: reg,
      credits,
      levelTenths,
    } = oneStep
      ? await localActs.ledgerOpening(ask)
      : { registration: await localActs.ledgerRegistration(ask), credits: undefined };
    const wait = reg ? Date.parse(reg.registeredOn) - Date.now() : undefined;
    opened = true;
    // The level's hours as the vocabulary has them now (a district's own level, or hours it
    // changed) over the rules the ledger was started with. Only openings read from levelTenths on
    // carry it, so earlier histories decide as they did.
    if (reg && typeof levelTenths === 'number')
      rules = { ...rules, requiredTenths: { ...rules.requiredTenths, [reg.level]: levelTenths } };
    const problem =
      reg && wait! <= 0 && levelTenths === null ? ceHoursProblem(reg.level, rules) : undefined;
    if (problem) {
      levelProblem = problem;
      // A level with no CE hours known: nothing can be counted against it. The ledger waits as
      // without a registration, saying why, until a registration is recorded (again) once the
      // level has its hours.
      awaitingStep('awaiting_registration');
      await condition(() => recorded !== seen);
      continue;
    }
    if (reg && wait! <= 0) {
      levelProblem = undefined;
      current = {
        level: reg.level,
        period: registrationPeriod(
          { registeredOn: new Date(reg.registeredOn), expiresOn: new Date(reg.expiresOn) },
          rules,
        ),
      };
      opening = credits;
      break;
    }
    awaitingStep('awaiting_registration');
    if (wait === undefined) await condition(() => recorded !== seen);
    else await condition(() => recorded !== seen, wait);
  }
  const { level, period } = current;
  for (const c of opening ??
    (await localActs.periodCredits({
      personId: input.personId,
      start: period.start.toISOString(),
      end: period.end.toISOString(),
    })))
    book.post(c.sourceKey, c.hoursTenths);

  const periodKey = period.start.toISOString().slice(0, 10);
  const step = businessSteps(`ce-${periodKey}`);
  step('in_period');
  const requiredTenths = () => ceStanding(level, book.earned(), period, new Date(), rules);
  const noticeTo = (label: string) => ({
    workflowId: id,
    params: {
      personId: input.personId,
      level,
      periodEnd: period.end.toISOString(),
      earnedTenths: String(book.earned()),
      requiredTenths: String(requiredTenths().requiredTenths),
    },
    keyPrefix: `${id}/${periodKey}/${label}`,
    personIds: [input.personId],
  });
  const notify = async (template: string, label: string) => {
    await localActs.sendNotices({ ...noticeTo(label), template });
    book.noticesSent.push(label);
  };
  const walked = await walkCheckpoints({
    checkpoints: ceCheckpoints(period, input.quietHours, input.timeZone, new Date(), rules),
    book,
    level,
    period,
    rules,
    act: (cp: CeCheckpoint) => checkpointNotice(cp, level, book.earned(), period, rules, notify),
    interrupt: () => recorded !== seen,
  });
  await condition(allHandlersFinished);
  if (walked === 'interrupted') return continueAsNew<typeof credits>(input);

  const renewal = renewalOf({ registeredOn: period.start, expiresOn: period.end }, rules);
  await localActs.closeCePeriod({
    record: {
      personId: input.personId,
      level,
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
      earnedTenths: book.earned(),
      requiredTenths: requiredTenths().requiredTenths,
    },
    notice: noticeTo('end'),
    templates: PERIOD_TEMPLATES,
    renewal: {
      registeredOn: renewal.registeredOn.toISOString(),
      expiresOn: renewal.expiresOn.toISOString(),
    },
  });
  book.noticesSent.push('end');
  step('period_closed');
  await condition(allHandlersFinished);
  return continueAsNew<typeof credits>(input);
}

/** The view while no registration is in force: nothing earned counts yet. */
function awaiting(input: CreditsInput, book: LedgerBook, problem?: string): LedgerView {
  return {
    personId: input.personId,
    level: input.level,
    registration: 'awaiting',
    ...(problem !== undefined ? { problem } : {}),
    periodStart: '',
    periodEnd: '',
    renewalOpens: '',
    earnedTenths: 0,
    requiredTenths: 0,
    proRataTenths: 0,
    standing: 'awaiting_registration',
    credits: [],
    noticesSent: [...book.noticesSent],
  };
}
