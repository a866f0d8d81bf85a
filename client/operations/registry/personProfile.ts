/**
 * One person's page, the one timeline of a person (`yz person show`, GET /people/:id/profile and
 * its alias /overview, the console's person page): registry data, certificates and registrations,
 * CE status (the running ledger's view, when one runs) and the timeline across every program
 * (store/people/profile.ts).
 */
import { personProfile, type PersonProfile } from '../../../store/people/profile';
import { ROLE_ZH, type Role } from '../../../store/registry/vocabulary';
import type { LedgerView } from '../../../workflows/credits/signals';
import { NotFound } from '../../../common/errors';
import { ledger, type CreditsContext } from '../credits/ledger';
import type { Actor } from '../actor';
import { actorSeesUnit } from '../unitScope';

export type PersonPage = PersonProfile & {
  roleZh: string;
  ce: LedgerView | null;
  /** Why the running ledger's view is missing when one may run: it did not answer. */
  ceUnavailable?: string;
};

/**
 * The person's page. With an actor, a person outside a unit coordinator's units is answered as a
 * missing one (same words), before anything of theirs is read.
 */
export async function showPersonProfile(
  ctx: CreditsContext,
  personId: string,
  actor?: Actor,
): Promise<PersonPage> {
  if (actor) {
    const p = await ctx.db.person.findUnique({ where: { id: personId }, select: { unitId: true } });
    if (p && !(await actorSeesUnit(ctx.db, actor, p.unitId)))
      throw new NotFound(`未知人员编号 / unknown person id: ${personId}`);
  }
  const profile = await personProfile(ctx.db, personId);
  let ceUnavailable: string | undefined;
  const ce = await ledger(ctx, personId).catch((e: Error) => {
    if (e.name === 'NotFound') return null;
    // A ledger that does not answer (its worker away, a query timing out) leaves the rest of the
    // person's page readable, and says so.
    ceUnavailable = `继续教育台账暂无应答 / the CE ledger did not answer: ${e.message}`;
    return null;
  });
  const role = profile.person.role;
  return {
    ...profile,
    roleZh: ROLE_ZH[role as Role] ?? role,
    ce,
    ...(ceUnavailable ? { ceUnavailable } : {}),
  };
}
