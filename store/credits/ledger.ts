/**
 * Starting a person's continuing-education ledger (继续教育学时台账, workflows/credits). Both the
 * coordinator's `credits start` and the exam journey (on a pass) start ledgers here, so a ledger
 * is started one way only. Idempotent: a ledger that runs already is left alone.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { credits } from '../../workflows/credits/credits';
import {
  creditsWorkflowId,
  registrationRecordedSignal,
  type CreditsInput,
} from '../../workflows/credits/signals';
import type { CeRules } from '../../workflows/rules/continuingEducation';
import type { QuietHours } from '../../workflows/rules/quietHours';

export interface LedgerStart {
  personId: string;
  /** The certificate level's code (built-in or a district's). */
  level: string;
  /** The day the certificate's registration period begins (its periods count from it). */
  registeredOn: Date;
  timeZone: string;
  quietHours: QuietHours | null;
  /**
   * How long the ledger's first run waits (workflows/rules/ledgerOpening.ts): on a start delay it
   * costs the worker nothing. Absent, or under a minute: at once.
   */
  startDelayMs?: number;
  /** The district's CE rules (store/credits/ceRules.ts): each level's hours, no personal data. */
  rules: CeRules;
}

const inputOf = (start: LedgerStart): CreditsInput => ({
  personId: start.personId,
  level: start.level,
  registeredOn: start.registeredOn.toISOString(),
  quietHours: start.quietHours,
  timeZone: start.timeZone,
  rules: start.rules,
});

/** The search-attribute status of a ledger waiting on its start delay. */
export const LEDGER_OPENING_SCHEDULED = 'opening_scheduled';

export async function startCeLedger(
  temporal: { client: Client; taskQueue: string },
  start: LedgerStart,
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = creditsWorkflowId(start.personId);
  try {
    // By type name: the store does not load the workflow's code, only its type.
    const delayMs = start.startDelayMs ?? 0;
    await temporal.client.workflow.start<typeof credits>('credits', {
      taskQueue: temporal.taskQueue,
      workflowId,
      args: [inputOf(start)],
      // A delayed ledger is listed by its status until its first run sets its own.
      ...(delayMs > 60_000
        ? {
            startDelay: delayMs,
            searchAttributes: {
              YzBusinessKey: [workflowId],
              YzStatus: [LEDGER_OPENING_SCHEDULED],
            },
          }
        : {}),
    });
    return { workflowId, started: true };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw e;
  }
}

/**
 * A registration was recorded: the person's ledger reads the records again, and starts when it
 * did not run. One call either way (signal-with-start).
 */
export async function tellCeLedger(
  temporal: { client: Client; taskQueue: string },
  start: LedgerStart,
): Promise<{ workflowId: string }> {
  const workflowId = creditsWorkflowId(start.personId);
  await temporal.client.workflow.signalWithStart<typeof credits, []>('credits', {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [inputOf(start)],
    signal: registrationRecordedSignal,
    signalArgs: [],
  });
  return { workflowId };
}
