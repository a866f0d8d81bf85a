/**
 * A person's page (人员档案): who they are, where, their certificates, and a timeline across every
 * program — exam journeys, course enrolments and completions, mentoring pairs, training hours and
 * notices — newest first. Contacts and ID numbers stay out, as in the people list.
 */
import { RegistryError } from '../../../store/registry/subtree';
import { ROLE_ZH, type Role } from '../../../store/registry/vocabulary';
import type { RegistryContext } from './registry';
import type { Actor } from '../actor';
import { lastDayText } from '../../../workflows/rules/registration';
import { actorSeesUnit } from '../unitScope';

export interface TimelineEvent {
  at: string;
  /** exam | course | mentoring | training | notice */
  program: string;
  /** The program's record: a campaign, series or pair id, a notice template. */
  ref: string;
  what: string;
}

export interface PersonProfile {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  role: string;
  roleZh: string;
  active: boolean;
  /** registrationExpiresOn: 有效期至, the last day in force (workflows/rules/registration.ts). */
  certificates: { level: string; obtainedOn: string; registrationExpiresOn: string | null }[];
  trainingHours: number;
  timeline: TimelineEvent[];
}

const iso = (d: Date) => d.toISOString();

/** The person's page; outside a unit coordinator's scope it is "no person", as if missing. */
export async function personProfile(
  ctx: Pick<RegistryContext, 'db'>,
  actor: Actor,
  personId: string,
): Promise<PersonProfile> {
  const db = ctx.db;
  const p = await db.person.findUnique({
    where: { id: personId },
    include: { unit: true, certificates: { orderBy: { obtainedOn: 'asc' } } },
  });
  if (!p || !(await actorSeesUnit(db, actor, p.unitId)))
    throw new RegistryError(`人员不存在 / no person "${personId}"`);
  const [exams, enrolments, completions, pairs, training, notices] = await Promise.all([
    db.examParticipant.findMany({ where: { personId }, include: { campaign: true } }),
    db.courseEnrolment.findMany({ where: { personId }, include: { series: true } }),
    db.courseCompletion.findMany({ where: { personId } }),
    db.mentoringPair.findMany({
      where: { OR: [{ menteeId: personId }, { mentorId: personId }] },
    }),
    db.trainingRecord.findMany({ where: { personId } }),
    db.notice.findMany({ where: { personId }, orderBy: { createdAt: 'desc' }, take: 50 }),
  ]);
  const timeline: TimelineEvent[] = [
    ...exams.map((e) => ({
      at: iso(e.registeredAt ?? e.invitedAt ?? e.updatedAt),
      program: 'exam',
      ref: e.campaignId,
      what: `${e.campaign.name}：${e.status}`,
    })),
    ...enrolments.map((e) => ({
      at: iso(e.createdAt),
      program: 'course',
      ref: e.seriesId,
      what: `${e.series.title}：${e.status}`,
    })),
    ...completions.map((c) => ({
      at: iso(c.completedAt),
      program: 'course',
      ref: c.seriesId,
      what: c.revokedAt
        ? `结业已撤销 / completion revoked`
        : `结业 ${c.hoursTenths / 10} 学时 / completed, ${c.hoursTenths / 10} h`,
    })),
    ...pairs.map((m) => ({
      at: iso(m.lastActivityAt ?? new Date(0)),
      program: 'mentoring',
      ref: m.id,
      what: `${m.menteeId === personId ? '学员 / mentee' : '导师 / mentor'}：${m.status}`,
    })),
    ...training.map((t) => ({
      at: iso(t.recordedAt),
      program: 'training',
      ref: t.sourceKey,
      what: `${t.hoursTenths / 10} 学时 / h (${t.source})`,
    })),
    ...notices.map((n) => ({
      at: iso(n.sentAt ?? n.createdAt),
      program: 'notice',
      ref: n.template,
      what: n.status,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return {
    id: p.id,
    name: p.name,
    unitId: p.unitId,
    unitName: p.unit.name,
    role: p.role,
    roleZh: ROLE_ZH[p.role as Role] ?? p.role,
    active: p.active,
    certificates: p.certificates.map((c) => ({
      level: c.level,
      obtainedOn: iso(c.obtainedOn).slice(0, 10),
      registrationExpiresOn: c.registrationExpiresOn ? lastDayText(c.registrationExpiresOn) : null,
    })),
    trainingHours: training.reduce((s, t) => s + t.hoursTenths, 0) / 10,
    timeline,
  };
}
