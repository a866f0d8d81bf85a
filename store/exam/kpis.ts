/**
 * The campaign's KPI row (ExamCampaignKpi), recomputed from the system of record. Written by the
 * campaign's bulk activities after each step and by the operations after a coordinator's change.
 */
import type { Db } from '../db';

/** Recomputes the campaign's KPI row from the participants, certificates, rewards and outbox. */
export async function refreshExamKpis(db: Db, campaignId: string): Promise<void> {
  const c = await db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c) return;
  const level = (JSON.parse(c.definition) as { levels: string[] }).levels[0]!;
  const groups = await db.examParticipant.groupBy({
    by: ['status'],
    where: { campaignId },
    _count: { _all: true },
  });
  const n = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const cohort = groups.reduce((s, g) => s + g._count._all, 0);
  const notices = await db.notice.groupBy({
    by: ['status'],
    where: { workflowId: c.workflowId },
    _count: { _all: true },
  });
  const data = {
    cohort,
    invited: n('invited'),
    registered: n('registered'),
    withdrawn: n('withdrawn'),
    notRegistered: n('not_registered'),
    passed: n('passed'),
    failed: n('failed'),
    certificates: await db.certificate.count({
      where: { level, person: { examJourneys: { some: { campaignId, status: 'passed' } } } },
    }),
    rewardApplications: await db.rewardApplication.count({ where: { campaignId } }),
    noticesQueued: notices.reduce((s, g) => s + g._count._all, 0),
    noticesSent: notices.find((g) => g.status === 'sent')?._count._all ?? 0,
  };
  await db.examCampaignKpi.upsert({
    where: { campaignId },
    create: { campaignId, ...data },
    update: data,
  });
}
