/**
 * Facts on both sides of a unit coordinator's reach, written straight into the database over
 * seedCampaignFacts (two streets, 20 people): enrolments in "prep-2025", a notice wave, an announcement to the whole district ("to-both") and one to the
 * second street only ("to-s02") with their notices, and a mentoring program per street
 * ("mp-s01", "mp-s02") with one pair each ("<program>/pair").
 */
import type { Db } from '../../store/db';
import { personId } from '../../scripts/demo/district';

/** The reach the tests give their unit coordinator: 街道 pudong.s01 and its units. */
export const SCOPE_PATH = '/pudong/pudong.s01/';

export async function seedReachFacts(db: Db): Promise<void> {
  const people = await db.person.findMany({
    select: { id: true, unit: { select: { path: true } } },
    orderBy: { id: 'asc' },
  });
  const inS01 = people.filter((p) => p.unit.path.startsWith(SCOPE_PATH)).map((p) => p.id);
  const inS02 = people.filter((p) => !p.unit.path.startsWith(SCOPE_PATH)).map((p) => p.id);

  await db.courseEnrolment.createMany({
    data: Array.from({ length: 8 }, (_, i) => ({
      seriesId: 'prep-2025',
      personId: personId(i + 1),
      status: 'enrolled',
      seq: i + 1,
      enrolledBy: 't',
    })),
  });
  await db.examNoticeWave.create({
    data: {
      campaignId: 'rpt-2025',
      wave: 'invite',
      template: 'exam_invitation',
      dueAt: new Date('2025-03-02T01:00:00Z'),
      sentAt: new Date('2025-03-02T01:00:00Z'),
      recipients: 7,
    },
  });

  const announcement = (id: string, unitIds: string[]) =>
    db.announcement.create({
      data: {
        id,
        title: id,
        body: '…',
        audience: JSON.stringify({ unitIds }),
        timeZone: 'Asia/Shanghai',
        createdBy: 't',
        status: 'completed',
        workflowId: `announcement/${id}`,
      },
    });
  await announcement('to-both', ['pudong']);
  await announcement('to-s02', ['pudong.s02']);
  const notice = (announcementId: string, id: string) => ({
    key: `announcement/${announcementId}/${id}`,
    personId: id,
    template: 'announcement',
    locale: 'zh-CN',
    params: '{}',
    status: 'sent',
    workflowId: `announcement/${announcementId}`,
  });
  await db.notice.createMany({
    data: [
      ...inS01.slice(0, 3).map((id) => notice('to-both', id)),
      ...inS02.slice(0, 4).map((id) => notice('to-both', id)),
      ...inS02.slice(0, 2).map((id) => notice('to-s02', id)),
    ],
  });

  for (const [program, street] of [
    ['mp-s01', inS01],
    ['mp-s02', inS02],
  ] as const) {
    await db.mentoringProgram.create({
      data: {
        id: program,
        title: program,
        kind: 'supervisor',
        coordinatorId: street[0]!,
        startsAt: new Date('2026-01-01T00:00:00Z'),
        endsAt: new Date('2026-12-31T00:00:00Z'),
        timeZone: 'Asia/Shanghai',
        plan: '{}',
        status: 'running',
        workflowId: `mentoring-program/${program}`,
        createdBy: 't',
      },
    });
    await db.mentoringPair.create({
      data: {
        id: `${program}/pair`,
        programId: program,
        menteeId: street[1]!,
        mentorId: street[2]!,
        status: 'active',
        workflowId: `mentoring-pair/${program}/pair`,
        sessionsPlanned: 6,
      },
    });
  }
}
