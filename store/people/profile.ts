/**
 * One person across the registry and every program (`yz person show`): registry data,
 * certificates with their registrations, CE period outcomes, and a timeline — exam campaigns,
 * course enrolments and completions, credits, mentoring pairs, notices sent — each entry with a
 * Chinese label beside the English and the zone of the program it belongs to.
 */
import { NotFound } from '../../common/errors';
import type { Db } from '../db';
import { lastDayText } from '../../workflows/rules/registration';

export interface TimelineEntry {
  at: Date;
  /** registry | exam | course | credits | mentoring | notice */
  program: string;
  /** `课程结业 / course completed`. */
  what: string;
  /** The program's record: campaign, series, pair, source key, notice template. */
  ref: string;
  /** The zone its times are told in (the program's). */
  timeZone: string | null;
}

export async function personProfile(db: Db, personId: string) {
  const person = await db.person.findUnique({
    where: { id: personId },
    include: {
      unit: { select: { id: true, name: true } },
      contacts: { select: { kind: true, value: true, isPrimary: true } },
      specialties: { select: { specialty: true } },
      certificates: { include: { registrations: { orderBy: { registeredOn: 'asc' } } } },
    },
  });
  if (!person) throw new NotFound(`未知人员编号 / unknown person id: ${personId}`);
  const [exams, enrolments, completions, credits, pairs, notices, outcomes] = await Promise.all([
    db.examParticipant.findMany({
      where: { personId },
      include: { campaign: { select: { name: true, definition: true } } },
    }),
    db.courseEnrolment.findMany({
      where: { personId },
      include: { series: { select: { title: true, timeZone: true } } },
    }),
    db.courseCompletion.findMany({
      where: { personId },
      include: { series: { select: { title: true, timeZone: true } } },
    }),
    db.trainingRecord.findMany({ where: { personId }, orderBy: { recordedAt: 'asc' } }),
    db.mentoringPair.findMany({
      where: { OR: [{ menteeId: personId }, { mentorId: personId }] },
      include: { program: { select: { title: true, timeZone: true } } },
    }),
    db.notice.findMany({
      where: { personId, status: 'sent' },
      select: { template: true, subject: true, sentAt: true, createdAt: true, workflowId: true },
      orderBy: { id: 'asc' },
    }),
    db.cePeriodOutcome.findMany({ where: { personId }, orderBy: { periodStart: 'asc' } }),
  ]);
  const t: TimelineEntry[] = [];
  const add = (e: TimelineEntry) => t.push(e);
  add({
    at: person.createdAt,
    program: 'registry',
    what: '入库 / entered the registry',
    ref: person.unitId,
    timeZone: null,
  });
  for (const c of person.certificates) {
    add({
      at: c.obtainedOn,
      program: 'registry',
      what: `取得证书 / certificate obtained: ${c.level}`,
      ref: c.number ?? c.level,
      timeZone: null,
    });
    for (const r of c.registrations)
      add({
        at: r.registeredOn,
        program: 'credits',
        what: `证书登记 / registration (${r.source}) until ${lastDayText(r.expiresOn)}`,
        ref: c.level,
        timeZone: null,
      });
  }
  for (const e of exams) {
    const tz = zoneOf(e.campaign.definition);
    if (e.invitedAt)
      add({
        at: e.invitedAt,
        program: 'exam',
        what: `动员邀请 / invited: ${e.campaign.name}`,
        ref: e.campaignId,
        timeZone: tz,
      });
    if (e.registeredAt)
      add({
        at: e.registeredAt,
        program: 'exam',
        what: `报名 / registered: ${e.campaign.name}`,
        ref: e.campaignId,
        timeZone: tz,
      });
    add({
      at: e.certifiedAt ?? e.updatedAt,
      program: 'exam',
      what: `考试状态 / exam status ${e.status}: ${e.campaign.name}`,
      ref: e.campaignId,
      timeZone: tz,
    });
  }
  for (const e of enrolments)
    add({
      at: e.createdAt,
      program: 'course',
      what: `课程报名 / enrolled (${e.status}): ${e.series.title}`,
      ref: e.seriesId,
      timeZone: e.series.timeZone,
    });
  for (const c of completions) {
    add({
      at: c.completedAt,
      program: 'course',
      what: `课程结业 / course completed (${c.hoursTenths / 10} h): ${c.series.title}`,
      ref: c.seriesId,
      timeZone: c.series.timeZone,
    });
    if (c.revokedAt)
      add({
        at: c.revokedAt,
        program: 'course',
        what: `结业撤销 / completion revoked: ${c.series.title}`,
        ref: c.seriesId,
        timeZone: c.series.timeZone,
      });
  }
  for (const r of credits)
    add({
      at: r.recordedAt,
      program: 'credits',
      what: `学时入账 / credit ${r.hoursTenths / 10} h (${r.source})`,
      ref: r.sourceKey,
      timeZone: null,
    });
  for (const o of outcomes)
    add({
      at: o.periodEnd,
      program: 'credits',
      what: `登记周期结束 / CE period closed: ${o.outcome} (${o.earnedTenths / 10}/${o.requiredTenths / 10} h)`,
      ref: o.level,
      timeZone: null,
    });
  for (const p of pairs) {
    const role = p.menteeId === personId ? '学员 / mentee' : '导师 / mentor';
    add({
      at: p.createdAt,
      program: 'mentoring',
      what: `带教结对 / paired as ${role}: ${p.program.title}`,
      ref: p.id,
      timeZone: p.program.timeZone,
    });
    if (p.closedAt)
      add({
        at: p.closedAt,
        program: 'mentoring',
        what: `结对结束 / pair ${p.status}`,
        ref: p.id,
        timeZone: p.program.timeZone,
      });
  }
  for (const n of notices)
    add({
      at: n.sentAt ?? n.createdAt,
      program: 'notice',
      what: `通知 / notice: ${n.subject ?? n.template}`,
      ref: n.workflowId ?? n.template,
      timeZone: null,
    });
  t.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    person: {
      id: person.id,
      name: person.name,
      unit: person.unit,
      role: person.role,
      active: person.active,
      idCardMasked: person.idCardMasked,
      contacts: person.contacts,
      specialties: person.specialties.map((s) => s.specialty),
    },
    certificates: person.certificates.map((c) => ({
      level: c.level,
      obtainedOn: c.obtainedOn,
      number: c.number,
      registrations: c.registrations.map((r) => ({
        registeredOn: r.registeredOn,
        expiresOn: r.expiresOn,
        /** 有效期至: the last day in force, as people write and read it. */
        lastDay: lastDayText(r.expiresOn),
        source: r.source,
        sourceRef: r.sourceRef,
        recordedBy: r.recordedBy,
      })),
    })),
    ceOutcomes: outcomes,
    timeline: t,
  };
}

export type PersonProfile = Awaited<ReturnType<typeof personProfile>>;

function zoneOf(definition: string): string | null {
  try {
    return (JSON.parse(definition) as { timeZone?: string }).timeZone ?? null;
  } catch {
    return null;
  }
}
