/**
 * A mentoring program's optional lectures (讲座): course series its trainees (and, when the plan
 * says so, its mentors) are enrolled in through the course enrolment, and the class hours each
 * attended in them.
 */
import type { Db } from '../db';
import { enrol, type EnrolResult } from '../courses/enrolment';
import { ATTENDED } from '../../workflows/rules/courseRules';
import { repeatedIds } from '../../workflows/rules/mentoring';
import { Conflict, InputError, NotFound } from '../../common/errors';

/** What the stored plan says of lectures (programs started before lectures: none). */
interface StoredLectures {
  lectureSeries?: string[];
  lecturesForMentors?: boolean;
}

export function lecturesOf(p: { plan: string }): { series: string[]; forMentors: boolean } {
  const plan = JSON.parse(p.plan) as StoredLectures;
  return { series: plan.lectureSeries ?? [], forMentors: plan.lecturesForMentors ?? false };
}

/** Lecture series must exist and still take enrolments. */
export async function checkLectureSeries(db: Db, ids: string[]): Promise<void> {
  const twice = repeatedIds(ids);
  if (twice.length)
    throw new InputError(
      `讲座课程 ${twice.join('、')} 重复 / lecture series ${twice.join(', ')} named twice`,
    );
  const found = await db.courseSeries.findMany({ where: { id: { in: ids } } });
  for (const id of ids) {
    const s = found.find((x) => x.id === id);
    if (!s)
      throw new NotFound(`没有课程系列“${id}”可作讲座 / no course series "${id}" for the lectures`);
    if (s.status !== 'running')
      throw new Conflict(`课程系列“${id}”已结束 / course series "${id}" is closed`);
  }
}

export interface LectureEnrolment extends EnrolResult {
  seriesId: string;
}

/** Enrols people in the program's lecture series through the course enrolment. */
export async function enrolInLectures(
  db: Db,
  programId: string,
  series: string[],
  personIds: string[],
): Promise<LectureEnrolment[]> {
  const out: LectureEnrolment[] = [];
  if (!personIds.length) return out;
  for (const seriesId of series)
    out.push({
      seriesId,
      ...(await enrol({ db }, { seriesId, personIds, enrolledBy: `mentoring/${programId}` })),
    });
  return out;
}

/** Attended (present or late) class hours per person in the given course series. */
export async function lectureHours(
  db: Db,
  series: string[],
  personIds: string[],
): Promise<Map<string, number>> {
  const rows = series.length
    ? await db.courseAttendance.findMany({
        where: {
          seriesId: { in: series },
          personId: { in: personIds },
          status: { in: [...ATTENDED] },
          session: { status: { not: 'cancelled' } },
        },
        select: { personId: true, session: { select: { hoursTenths: true } } },
      })
    : [];
  const tenths = new Map<string, number>(personIds.map((id) => [id, 0]));
  for (const r of rows) tenths.set(r.personId, tenths.get(r.personId)! + r.session.hoursTenths);
  return new Map([...tenths].map(([id, t]) => [id, t / 10]));
}
