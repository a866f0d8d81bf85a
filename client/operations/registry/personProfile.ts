/**
 * `yz person show` / GET /people/:id/profile: a person's registry data, certificates and
 * registrations, CE status (the running ledger's view, when one runs) and the timeline across
 * every program (store/people/profile.ts).
 */
import { personProfile, type PersonProfile } from '../../../store/people/profile';
import type { LedgerView } from '../../../workflows/credits/signals';
import { ledger, type CreditsContext } from '../credits/ledger';

export async function showPersonProfile(
  ctx: CreditsContext,
  personId: string,
): Promise<PersonProfile & { ce: LedgerView | null }> {
  const profile = await personProfile(ctx.db, personId);
  const ce = await ledger(ctx, personId).catch((e: Error) => {
    if (e.name === 'NotFound') return null;
    throw e;
  });
  return { ...profile, ce };
}
