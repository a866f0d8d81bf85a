/**
 * A 雏雁 new-hire cohort with members from four agencies following two course series, on the
 * run's Temporal server: the whole cohort is enrolled through each series' enrolment (capacity,
 * then the waitlist), members added later are enrolled too, and the progress report shows each
 * member (series completed, hours attended against required, status) and each agency, in XLSX.
 */
import { expect, it, vi } from 'vitest';
import { readSheet } from '../../store/registry/roster/read';
import {
  addCohortMembers,
  addCohortSeries,
  cohortReport,
  createCohort,
  exportCohortReport,
} from '../../client/operations/courses/cohorts';
import { createSeries, type SessionInput } from '../../client/operations/courses/series';
import { markAttendance } from '../../client/operations/courses/attendance';
import { withdraw } from '../../client/operations/courses/enrolment';
import { type CourseContext } from '../../client/operations/courses/courseContext';
import { useTestSystem } from '../harness/system';

// 2 streets × 6 units: u03 and u06 of each street are agencies, three people each.
const sys = useTestSystem({ district: { streets: 2, unitsPerStreet: 6, people: 36 } });
vi.setConfig({ testTimeout: 120_000 });

// Last year's courses: they have ended, so attendance that meets the rule completes at once.
const year = new Date().getUTCFullYear() - 1;
const at = (month: number, day: number, hour: number) =>
  new Date(Date.UTC(year, month - 1, day, hour)).toISOString();
const session = (sessionId: string, month: number, day: number): SessionInput => ({
  sessionId,
  title: `专题${sessionId}`,
  mode: 'offline',
  startsAt: at(month, day, 1),
  endsAt: at(month, day, 3),
  place: '浦东社工学院',
  hours: 2,
  teacher: '陈老师',
});

it('enrols a cohort from several agencies and reports progress per member and agency', async () => {
  const { db } = sys.tdb;
  let now = new Date(at(3, 20, 0)); // after a1, a2, b1, b2; before b3
  const ctx: CourseContext = { ...sys.announcementCtx(), now: () => now };
  const agencies = ['pudong.s01.u03', 'pudong.s01.u06', 'pudong.s02.u03'];
  const base = { coordinatorId: 'p-000036', absenceWarnAfter: 0, createdBy: '浦东新区社会工作部' };
  await createSeries(ctx, {
    ...base,
    id: 'cy-a',
    title: '社会工作伦理',
    capacity: 9,
    minHours: 4,
    sessions: [session('a1', 3, 2), session('a2', 3, 9)],
  });
  await createSeries(ctx, {
    ...base,
    id: 'cy-b',
    title: '个案工作实务',
    minHours: 4,
    sessions: [session('b1', 3, 3), session('b2', 3, 10), session('b3', 3, 24)],
  });
  await createSeries(ctx, {
    ...base,
    id: 'cy-c',
    title: '社区工作',
    minHours: 2,
    sessions: [session('c1', 4, 1)],
  });

  // Bad input is refused by name, before anything is written.
  const cohort = {
    id: 'chuyan-2026-1',
    title: '雏雁计划2026年第一期',
    kind: 'new_hire' as const,
    coordinatorId: 'p-000036',
    seriesIds: ['cy-a', 'cy-b'],
    unitIds: agencies,
    personIds: ['p-000011'], // a fourth agency: pudong.s02.u06
    createdBy: '浦东新区社会工作部',
  };
  await expect(createCohort(ctx, { ...cohort, seriesIds: ['cy-a', 'nope'] })).rejects.toThrow(
    'no course series "nope"',
  );
  await expect(createCohort(ctx, { ...cohort, unitIds: ['pudong.s09'] })).rejects.toThrow(
    'pudong.s09',
  );
  await expect(
    createCohort(ctx, { ...cohort, kind: 'elders' as unknown as 'other' }),
  ).rejects.toThrow('kind "elders" must be one of new_hire, leader, other');
  await expect(createCohort(ctx, { ...cohort, personIds: ['p-999999'] })).rejects.toThrow(
    'unknown person id(s): p-999999',
  );
  expect(await db.cohort.count()).toBe(0);
  expect(await db.courseEnrolment.count()).toBe(0);

  const created = await createCohort(ctx, cohort);
  expect(created.members).toBe(10);
  const members = (
    await db.cohortMember.findMany({ where: { cohortId: cohort.id }, select: { personId: true } })
  ).map((m) => m.personId);
  const units = await db.person.findMany({
    where: { id: { in: members } },
    select: { id: true, unitId: true, unit: { select: { kind: true } } },
  });
  expect(new Set(units.map((u) => u.unitId)).size).toBe(4);
  expect(units.every((u) => u.unit.kind === 'agency')).toBe(true);
  // cy-a holds 9: the tenth member waits; cy-b has room for all.
  const [a, b] = created.series;
  expect(a).toMatchObject({ seriesId: 'cy-a', already: [] });
  expect(a!.enrolled).toHaveLength(9);
  expect(a!.waitlisted).toHaveLength(1);
  expect(b!.enrolled).toHaveLength(10);
  const waiting = a!.waitlisted[0]!;
  expect(await createCohort(ctx, cohort).catch((e: Error) => e.message)).toBe(
    `梯队“${cohort.id}”已存在 / cohort "${cohort.id}" already exists`,
  );

  // Attendance in the agencies' first unit (p-000002, p-000014, p-000026 in pudong.s01.u03):
  // one completes both series, one is on the way, one can no longer complete cy-a.
  const [done, going, late] = ['p-000002', 'p-000014', 'p-000026'];
  const marks = (sessionId: string, present: string[], absent: string[] = []) =>
    markAttendance(ctx, {
      seriesId: sessionId.startsWith('a') ? 'cy-a' : 'cy-b',
      marks: [
        ...present.map((personId) => ({ sessionId, personId, status: 'present' as const })),
        ...absent.map((personId) => ({ sessionId, personId, status: 'absent' as const })),
      ],
      recordedBy: 'p-000036',
    });
  await marks('a1', [done, going, late]);
  await marks('a2', [done, going], [late]);
  await marks('b1', [done, going]);
  await marks('b2', [done]);
  // A member withdraws from cy-b: the cohort report shows it.
  const quitter = members.find((m) => ![done, going, late, waiting].includes(m))!;
  await withdraw(ctx, { seriesId: 'cy-b', personId: quitter });
  await vi.waitFor(async () => expect(await db.courseCompletion.count()).toBe(3), {
    timeout: 30_000,
    interval: 250,
  });

  const report = await cohortReport(ctx, cohort.id);
  const of = (id: string) => report.members.find((m) => m.personId === id)!;
  expect(report.series.map((s) => s.seriesId)).toEqual(['cy-a', 'cy-b']);
  expect(of(done)).toMatchObject({
    seriesCompleted: 2,
    seriesTotal: 2,
    attendedTenths: 80,
    requiredTenths: 80,
    status: 'completed',
  });
  expect(of(going)).toMatchObject({
    seriesCompleted: 1,
    attendedTenths: 60,
    status: 'in_progress',
  });
  expect(of(late)).toMatchObject({ seriesCompleted: 0, attendedTenths: 20, status: 'behind' });
  expect(of(waiting).status).toBe('waitlisted');
  expect(of(quitter).status).toBe('withdrawn');
  expect(report.agencies).toHaveLength(4);
  const first = report.agencies.find((x) => x.unitId === 'pudong.s01.u03')!;
  expect(first).toMatchObject({
    members: 3,
    completed: 1,
    in_progress: 1,
    behind: 1,
    attendedTenths: 160,
    requiredTenths: 240,
  });
  expect(report.agencies.reduce((n, x) => n + x.members, 0)).toBe(10);

  // Two months on, b3 has passed without `going`: behind now.
  now = new Date(at(5, 20, 0));
  expect(of(going).status).toBe('in_progress');
  expect(
    (await cohortReport(ctx, cohort.id)).members.find((m) => m.personId === going)!.status,
  ).toBe('behind');

  // XLSX: the member sheet and the agency sheet; CSV by agency.
  const xlsx = await exportCohortReport(ctx, { cohortId: cohort.id });
  expect(xlsx.contentType).toContain('spreadsheetml');
  const sheet = await readSheet(xlsx.bytes, { name: xlsx.fileName });
  expect(sheet.rows[0]).toEqual([
    '人员编号',
    '姓名',
    '单位编号',
    '单位',
    '社会工作伦理（学时）',
    '个案工作实务（学时）',
    '已结业课程',
    '课程数',
    '已修学时',
    '要求学时',
    '状态',
  ]);
  expect(sheet.rows.find((r) => r[0] === done)?.slice(4)).toEqual([4, 4, 2, 2, 8, 8, '已结业']);
  const csv = await exportCohortReport(ctx, { cohortId: cohort.id, format: 'csv', by: 'agency' });
  const agencyRows = (await readSheet(csv.bytes, { name: csv.fileName })).rows;
  expect(agencyRows[0]?.slice(0, 3)).toEqual(['单位编号', '单位', '人数']);
  expect(agencyRows.find((r) => r[0] === 'pudong.s01.u03')?.slice(2, 9)).toEqual([
    '3',
    '1',
    '0',
    '2',
    '0',
    '0',
    '33.3',
  ]);

  // A new member joins every series; a new series takes every member.
  const joined = await addCohortMembers(ctx, {
    cohortId: cohort.id,
    personIds: ['p-000023', done],
    addedBy: 'p-000036',
  });
  expect(joined.added).toEqual(['p-000023']);
  expect(joined.members).toBe(11);
  expect(joined.series.map((s) => [s.seriesId, s.already.includes(done)])).toEqual([
    ['cy-a', true],
    ['cy-b', true],
  ]);
  expect(joined.series[0]!.waitlisted).toEqual(['p-000023']);
  const more = await addCohortSeries(ctx, { cohortId: cohort.id, seriesIds: ['cy-c'] });
  expect(more.series).toEqual([
    expect.objectContaining({ seriesId: 'cy-c', waitlisted: [], already: [] }),
  ]);
  expect(more.series[0]!.enrolled).toHaveLength(11);
  await expect(addCohortSeries(ctx, { cohortId: 'nope', seriesIds: ['cy-c'] })).rejects.toThrow(
    'no cohort "nope"',
  );
});
