/**
 * Enrolment in a course series (报名): capacity first, then a waitlist in arrival order. Used by
 * the coordinator's operations and by the exam journey, which enrols a person who registered.
 */
import type { Db } from '../db';
import { subtree } from '../registry/subtree';
import { Conflict, InputError, NotFound } from '../../common/errors';
import { writeTransaction } from '../db';

/** A series by id, or NotFound. */
export async function seriesOf(db: Db, id: string) {
  const s = await db.courseSeries.findUnique({ where: { id } });
  if (!s) throw new NotFound(`没有课程系列“${id}” / no course series "${id}"`);
  return s;
}

export interface EnrolResult {
  enrolled: string[];
  waitlisted: string[];
  already: string[];
}

/**
 * The people named, then every active person of the given units and their sub-units (in id
 * order), without repeats; unknown ids and units are refused by name.
 */
export async function peopleOf(
  db: Db,
  req: { personIds?: string[]; unitIds?: string[] },
): Promise<string[]> {
  const ids = [...new Set(req.personIds ?? [])];
  const found = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((p) => p.id === id));
  if (missing.length)
    throw new NotFound(
      `未知人员编号：${missing.join('、')} / unknown person id(s): ${missing.join(', ')}`,
    );
  if (req.unitIds?.length) {
    const units: string[] = [];
    for (const u of req.unitIds) {
      units.push(...(await subtree(db, u)).orgs.map((o) => o.id));
    }
    const members = await db.person.findMany({
      where: { unitId: { in: units }, active: true },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    const named = new Set(ids);
    for (const m of members) if (!named.has(m.id)) ids.push(m.id);
  }
  return ids;
}

/** Enrols people (and every active person of the given units and their sub-units). */
export async function enrol(
  ctx: { db: Db },
  req: { seriesId: string; personIds?: string[]; unitIds?: string[]; enrolledBy: string },
): Promise<EnrolResult> {
  const s = await seriesOf(ctx.db, req.seriesId);
  if (s.status !== 'running')
    throw new Conflict(`课程系列“${s.id}”已结束 / course series "${s.id}" is closed`);
  const ids = await peopleOf(ctx.db, req);
  if (!ids.length) throw new InputError('未指定报名人员 / names nobody to enrol');
  return writeTransaction(ctx.db, async (tx) => {
    const existing = await tx.courseEnrolment.findMany({ where: { seriesId: s.id } });
    const taken = existing.filter((e) => e.status === 'enrolled').length;
    let seq = existing.reduce((n, e) => Math.max(n, e.seq), 0);
    const r: EnrolResult = { enrolled: [], waitlisted: [], already: [] };
    let free = s.capacity === null ? Infinity : s.capacity - taken;
    for (const personId of ids) {
      const e = existing.find((x) => x.personId === personId);
      if (e && e.status !== 'withdrawn') {
        r.already.push(personId);
        continue;
      }
      const status = free > 0 ? 'enrolled' : 'waitlisted';
      if (status === 'enrolled') free--;
      const data = { status, seq: ++seq, enrolledBy: req.enrolledBy };
      await tx.courseEnrolment.upsert({
        where: { seriesId_personId: { seriesId: s.id, personId } },
        create: { seriesId: s.id, personId, ...data },
        update: data,
      });
      (status === 'enrolled' ? r.enrolled : r.waitlisted).push(personId);
    }
    return r;
  });
}
