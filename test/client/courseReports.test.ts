/**
 * Course and CE reports on both providers: person-times and class hours per series, unit and
 * year; CE standing per unit; XLSX files that read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ceReport, exportCeReport } from '../../client/operations/credits/reports';
import { courseReport, exportCourseReport } from '../../client/operations/courses/reports';
import { readSheet } from '../../store/registry/roster/read';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';

describe.each(providersUnderTest())('course reports on %s', (provider) => {
  let tdb: TestDb;
  const district = buildDistrict({ streets: 1, unitsPerStreet: 2, people: 10 });
  const unitOf = (id: string) => district.people.find((p) => p.id === id)!.unitId;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    const { db } = tdb;
    await loadDistrict(db, district);
    await db.courseSeries.create({
      data: {
        id: 'pd-online',
        title: '线上精讲',
        coordinatorId: 'p-000010',
        reminderOffsets: '["1d"]',
        minTenths: 30,
        timeZone: 'Asia/Shanghai',
        status: 'running',
        workflowId: 'course/pd-online',
        createdBy: 't',
        sessions: {
          create: [
            // 2026-12-31 23:00 in Shanghai is still 2026; 2027-01-01 10:00 is 2027.
            {
              sessionId: 'a',
              title: 'A',
              mode: 'online',
              link: 'x',
              teacher: 't',
              hoursTenths: 15,
              startsAt: new Date('2026-12-31T15:00:00Z'),
              endsAt: new Date('2026-12-31T15:59:00Z'),
            },
            {
              sessionId: 'b',
              title: 'B',
              mode: 'online',
              link: 'x',
              teacher: 't',
              hoursTenths: 20,
              startsAt: new Date('2027-01-01T02:00:00Z'),
              endsAt: new Date('2027-01-01T04:00:00Z'),
            },
          ],
        },
      },
    });
    const mark = (sessionId: string, personId: string, status: string) => ({
      seriesId: 'pd-online',
      sessionId,
      personId,
      status,
      source: 'import',
      recordedBy: 't',
    });
    await db.courseAttendance.createMany({
      data: [
        mark('a', 'p-000001', 'present'),
        mark('a', 'p-000002', 'late'),
        mark('a', 'p-000003', 'absent'),
        mark('b', 'p-000001', 'present'),
        mark('b', 'p-000002', 'excused'),
      ],
    });
    const reg = (personId: string, level: string, registeredOn: string) =>
      db.certificate.create({
        data: {
          personId,
          level,
          obtainedOn: new Date(registeredOn),
          registeredOn: new Date(registeredOn),
        },
      });
    await reg('p-000004', 'assistant_social_worker', '2026-06-01'); // 1/3 through: 24 h pro rata
    await reg('p-000005', 'social_worker', '2026-06-01');
    await reg('p-000006', 'social_worker', '2027-05-01');
    await db.trainingRecord.createMany({
      data: [
        {
          sourceKey: 'x/1',
          personId: 'p-000004',
          hoursTenths: 720,
          source: 'external',
          recordedBy: 't',
          recordedAt: new Date('2027-01-01'),
        },
        {
          sourceKey: 'x/2',
          personId: 'p-000005',
          hoursTenths: 100,
          source: 'external',
          recordedBy: 't',
          recordedAt: new Date('2027-01-01'),
        },
      ],
    });
    await db.cePeriodOutcome.create({
      data: {
        personId: 'p-000006',
        level: 'social_worker',
        periodStart: new Date('2024-05-01'),
        periodEnd: new Date('2027-05-01'),
        earnedTenths: 0,
        requiredTenths: 900,
        outcome: 'not_compliant',
      },
    });
  });
  afterAll(() => tdb?.close());

  it('counts person-times and class hours per series, unit and year', async () => {
    const figures = await courseReport(tdb, {});
    const total = (year: number) =>
      figures
        .filter((f) => f.year === year)
        .reduce((n, f) => [n[0]! + f.personTimes, n[1]! + f.hoursTenths], [0, 0]);
    expect(total(2026)).toEqual([2, 30]);
    expect(total(2027)).toEqual([1, 20]);
    const u1 = unitOf('p-000001');
    expect(figures.find((f) => f.year === 2027)).toMatchObject({
      unitId: u1,
      people: 1,
      personTimes: 1,
      hoursTenths: 20,
    });
    expect(await courseReport(tdb, { year: 2027 })).toHaveLength(1);
    await expect(courseReport(tdb, { seriesId: 'nope' })).rejects.toThrow(
      'no course series "nope"',
    );
    const file = await exportCourseReport(tdb, { format: 'xlsx' });
    const sheet = await readSheet(file.bytes);
    expect(sheet.rows[0]).toEqual([
      '年度',
      '课程编号',
      '课程',
      '单位编号',
      '单位',
      '人数',
      '人次',
      '课时',
    ]);
    expect(sheet.rows.slice(1).map((r) => r[7])).toContain(2);
  });

  it('counts CE standing per unit', async () => {
    const ctx = { db: tdb.db, now: () => new Date('2027-06-01T00:00:00Z') };
    const rows = await ceReport(ctx, {});
    const sum = (k: 'compliant' | 'on_track' | 'behind' | 'overdue') =>
      rows.reduce((n, r) => n + r[k], 0);
    expect([sum('compliant'), sum('on_track'), sum('behind'), sum('overdue')]).toEqual([
      1, 0, 1, 1,
    ]);
    const file = await exportCeReport(ctx, { format: 'csv' });
    expect((await readSheet(file.bytes)).rows[0]).toEqual([
      '单位编号',
      '单位',
      '已达标',
      '进度正常',
      '进度落后',
      '逾期未达标',
      '等级未设学时',
      '合计',
    ]);
  });
});
