/**
 * What every generation of the ledger's runs shares: the credits counted this period (each source
 * once), its handlers (credits posted and withdrawn, claim reviews, the query), and the lean walk
 * through the period's checkpoints. No commands of their own beyond what the callers did before
 * these were extracted, so old histories replay unchanged.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { ceCheckpointDue, type CeCheckpoint } from '../rules/ceCalendar';
import { ceStanding, type CeRules, type Period } from '../rules/continuingEducation';
import {
  creditPostedSignal,
  creditWithdrawnSignal,
  ledgerQuery,
  openLedgerUpdate,
  reviewClaimUpdate,
  type LedgerView,
} from './signals';

export interface ClaimReviewer {
  reviewCreditClaim(input: {
    personId: string;
    claimId: number;
    decision: 'approve' | 'reject';
  }): Promise<{
    status: 'approved' | 'rejected';
    credit?: { sourceKey: string; hoursTenths: number };
  }>;
}

export class LedgerBook {
  readonly credits = new Map<string, number>();
  readonly noticesSent: string[] = [];
  withdrawals = 0;

  earned(): number {
    return [...this.credits.values()].reduce((a, b) => a + b, 0);
  }

  post(sourceKey: string, hoursTenths: number): void {
    if (!this.credits.has(sourceKey)) this.credits.set(sourceKey, hoursTenths);
  }

  /** The ledger's view within a period. */
  view(personId: string, level: string, period: Period, rules: CeRules): LedgerView {
    return {
      personId,
      level,
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
      renewalOpens: period.renewalOpens.toISOString(),
      earnedTenths: this.earned(),
      ...ceStanding(level, this.earned(), period, new Date(), rules),
      credits: [...this.credits].map(([sourceKey, hoursTenths]) => ({ sourceKey, hoursTenths })),
      noticesSent: [...this.noticesSent],
    };
  }
}

/** Credits posted and withdrawn, claims reviewed, the ledger queried. */
export function handleLedger(
  book: LedgerBook,
  personId: string,
  reviewer: ClaimReviewer,
  view: () => LedgerView,
  /** Whether credits posted now count (a ledger awaiting its registration reads them later). */
  counting: () => boolean = () => true,
  /** Whether the run has read its registration and credits (what `openLedger` waits for). */
  opened: () => boolean = () => true,
): void {
  setHandler(creditPostedSignal, ({ sourceKey, hoursTenths }) => {
    if (counting()) book.post(sourceKey, hoursTenths);
  });
  setHandler(creditWithdrawnSignal, ({ sourceKey }) => {
    if (book.credits.delete(sourceKey)) book.withdrawals++;
  });
  setHandler(reviewClaimUpdate, async (review) => {
    const r = await reviewer.reviewCreditClaim({ personId, ...review });
    if (r.credit) book.post(r.credit.sourceKey, r.credit.hoursTenths);
    return { status: r.status, earnedTenths: book.earned() };
  });
  setHandler(ledgerQuery, view);
  setHandler(openLedgerUpdate, async () => {
    await condition(opened);
    return view();
  });
}

/**
 * Wakes only for the next checkpoint with something to send by today's hours; a withdrawn credit
 * plans again. (A credit that arrives only makes a planned wake needless: it stays, and sends
 * nothing when it comes; re-planning on every credit cost more than it saved.) Stops early, with
 * "interrupted", when `interrupt` turns true.
 */
export async function walkCheckpoints(w: {
  checkpoints: CeCheckpoint[];
  book: LedgerBook;
  level: string;
  period: Period;
  rules: CeRules;
  act: (cp: CeCheckpoint) => Promise<void>;
  interrupt?: () => boolean;
}): Promise<'end' | 'interrupted'> {
  const { checkpoints, book, level, period, rules } = w;
  const interrupt = w.interrupt ?? (() => false);
  for (let i = 0; i < checkpoints.length; ) {
    const next = checkpoints.findIndex(
      (cp, j) => j >= i && ceCheckpointDue(cp, level, book.earned(), period, rules),
    );
    const cp = checkpoints[next]!; // the end is always due
    const seen = book.withdrawals;
    if (
      await condition(
        () => book.withdrawals !== seen || interrupt(),
        Math.max(1, cp.at.getTime() - Date.now()),
      )
    ) {
      if (interrupt()) return 'interrupted';
      while (i < next && checkpoints[i]!.at.getTime() <= Date.now()) i++;
      continue;
    }
    i = next + 1;
    if (cp.kind === 'end') break;
    await w.act(cp);
  }
  return 'end';
}
