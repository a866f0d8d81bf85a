/**
 * Exam outcomes decided in bulk when the results are imported (the results operation, before the
 * campaign sends the results waves and tells the journeys).
 */
import type { Db } from '../db';
import { examVerdict, type ExamLevel } from '../../workflows/rules/examRules';
import { refreshExamKpis } from './kpis';

/**
 * Bulk outcome of a results import for one campaign: each registered participant with results
 * gets a verdict by the pass rules (carry-over included); a pass records the certificate and a
 * reward application; statuses become passed/failed — all in one transaction, then the KPIs.
 * Idempotent: certificates and applications are created once, statuses are set.
 */
export async function applyExamOutcomes(
  db: Db,
  input: { campaignId: string; personIds: string[] },
): Promise<{ passed: string[]; failed: string[] }> {
  const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: input.campaignId } });
  const level = (JSON.parse(campaign.definition) as { levels: ExamLevel[] }).levels[0]!;
  const participants = await db.examParticipant.findMany({
    where: { campaignId: input.campaignId, status: { in: ['registered', 'failed'] } },
    select: { personId: true },
  });
  const wanted = new Set(input.personIds);
  const ids = participants.map((p) => p.personId).filter((id) => wanted.has(id));
  const results = await db.examSubjectResult.findMany({
    where: { personId: { in: ids }, level, examYear: { lte: campaign.examYear } },
  });
  const byPerson = new Map<string, typeof results>();
  for (const r of results) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const passed: string[] = [];
  const failed: string[] = [];
  for (const id of ids) {
    const mine = byPerson.get(id) ?? [];
    // Only someone with a result of this exam year has sat it.
    if (!mine.some((r) => r.examYear === campaign.examYear)) continue;
    (examVerdict(level, mine, campaign.examYear).passed ? passed : failed).push(id);
  }
  const now = new Date();
  await db.$transaction(
    async (tx) => {
      const certified = new Set(
        (
          await tx.certificate.findMany({
            where: { personId: { in: passed }, level },
            select: { personId: true },
          })
        ).map((c) => c.personId),
      );
      const fresh = passed.filter((id) => !certified.has(id));
      if (fresh.length)
        await tx.certificate.createMany({
          data: fresh.map((personId) => ({ personId, level, obtainedOn: now })),
        });
      const applied = new Set(
        (
          await tx.rewardApplication.findMany({
            where: { campaignId: input.campaignId, personId: { in: passed } },
            select: { personId: true },
          })
        ).map((r) => r.personId),
      );
      const apply = passed.filter((id) => !applied.has(id));
      if (apply.length)
        await tx.rewardApplication.createMany({
          data: apply.map((personId) => ({
            campaignId: input.campaignId,
            personId,
            level,
            status: 'pending',
          })),
        });
      if (passed.length)
        await tx.examParticipant.updateMany({
          where: { campaignId: input.campaignId, personId: { in: passed } },
          data: { status: 'passed', certifiedAt: now },
        });
      if (failed.length)
        await tx.examParticipant.updateMany({
          where: { campaignId: input.campaignId, personId: { in: failed } },
          data: { status: 'failed' },
        });
    },
    { timeout: 60_000 },
  );
  await refreshExamKpis(db, input.campaignId);
  return { passed, failed };
}
