/**
 * Facts of a finished exam campaign written straight into the database (no workflow): a district
 * of two streets, a campaign "rpt-2025" whose prep class references course series "prep-2025",
 * participants at every step, results with a carry-over pass, and certificates before and after.
 * The expected figures are spelled out in test/client/examReports.test.ts.
 */
import { buildDistrict, loadDistrict, personId } from '../../scripts/demo/district';
import type { TestDb } from './db';

const P = (n: number) => personId(n);

export const FACTS_DISTRICT = { streets: 2, unitsPerStreet: 2, people: 20 };

/**
 * Two streets of two units, 20 people; person i is in unit i mod 4 (see district.ts). Give
 * `district: false` when the district is already loaded (the CLI harness loads it).
 */
export async function seedCampaignFacts(
  tdb: TestDb,
  options: { district?: boolean } = {},
): Promise<void> {
  const { db } = tdb;
  if (options.district !== false) await loadDistrict(db, buildDistrict(FACTS_DISTRICT));
  const series = (id: string, sessions: [string, number][]) =>
    db.courseSeries.create({
      data: {
        id,
        title: id,
        coordinatorId: P(20),
        reminderOffsets: '[]',
        minTenths: 10,
        timeZone: 'Asia/Shanghai',
        status: 'running',
        workflowId: `course/${id}`,
        createdBy: 't',
        sessions: {
          create: sessions.map(([sessionId, hoursTenths], i) => ({
            sessionId,
            title: sessionId,
            mode: 'offline',
            place: '302',
            teacher: 't',
            hoursTenths,
            startsAt: new Date(Date.UTC(2025, 3, 10 + i, 1)),
            endsAt: new Date(Date.UTC(2025, 3, 10 + i, 4)),
          })),
        },
      },
    });
  await series('prep-2025', [
    ['s1', 30],
    ['s2', 25],
  ]);
  await series('other', [['o1', 40]]);
  const mark = (seriesId: string, sessionId: string, n: number, status: string) => ({
    seriesId,
    sessionId,
    personId: P(n),
    status,
    source: 'coordinator',
    recordedBy: 't',
  });
  await db.courseAttendance.createMany({
    data: [
      mark('prep-2025', 's1', 1, 'present'),
      mark('prep-2025', 's2', 1, 'present'),
      mark('prep-2025', 's1', 2, 'late'),
      mark('prep-2025', 's1', 3, 'absent'),
      mark('prep-2025', 's1', 4, 'excused'),
      mark('prep-2025', 's1', 13, 'present'), // not mobilized
      mark('other', 'o1', 5, 'present'), // a series the campaign does not reference
    ],
  });
  await db.examCampaign.create({
    data: {
      id: 'rpt-2025',
      name: '2025年报考动员',
      examYear: 2025,
      status: 'running',
      workflowId: 'exam-mobilization/rpt-2025',
      createdBy: 't',
      createdAt: new Date('2025-03-01T00:00:00Z'),
      definition: JSON.stringify({
        id: 'rpt-2025',
        levels: ['social_worker'],
        cohort: { unitIds: ['pudong.s01', 'pudong.s02'] },
        classes: [
          { id: 'prep', kind: 'online_course', seriesId: 'prep-2025', classHours: 5.5 },
          { id: 'sprint', kind: 'sprint_class', capacity: 10, classHours: 8 },
        ],
        targets: { registrations: 8, passes: 2, certificationRateChange: 10 },
      }),
    },
  });
  const status: Record<number, [string, boolean]> = {
    1: ['passed', true],
    2: ['passed', true],
    3: ['failed', true],
    4: ['registered', true],
    5: ['withdrawn', true], // withdrew after registering
    6: ['withdrawn', false],
    7: ['not_registered', false],
    8: ['registered', true],
    9: ['registered', true],
    10: ['invited', false],
    11: ['invited', false],
    12: ['invited', false],
  };
  await db.examParticipant.createMany({
    data: Object.entries(status).map(([n, [s, registered]]) => ({
      campaignId: 'rpt-2025',
      personId: P(Number(n)),
      level: 'social_worker',
      status: s,
      invitedAt: new Date('2025-03-02T00:00:00Z'),
      registeredAt: registered ? new Date('2025-03-10T00:00:00Z') : null,
    })),
  });
  const result = (n: number, examYear: number, subject: string, score: number) => ({
    personId: P(n),
    examYear,
    level: 'social_worker',
    subject,
    score,
    passed: score >= 60,
  });
  const all = (n: number, scores: [number, number, number], year = 2025) => [
    result(n, year, 'comprehensive_intermediate', scores[0]),
    result(n, year, 'practice_intermediate', scores[1]),
    result(n, year, 'regulations_policy', scores[2]),
  ];
  await db.examSubjectResult.createMany({
    data: [
      ...all(1, [70, 66, 61]),
      // p-000002 passes by carry-over: two subjects in 2024, the third in 2025.
      result(2, 2024, 'regulations_policy', 70),
      result(2, 2024, 'comprehensive_intermediate', 65),
      result(2, 2025, 'practice_intermediate', 62),
      ...all(3, [70, 50, 65]),
      ...all(4, [59, 59, 59]),
      result(8, 2024, 'regulations_policy', 40), // sat only the year before: not "sat"
      ...all(13, [90, 90, 90]), // passed, but not mobilized by this campaign
    ],
  });
  await db.certificate.createMany({
    data: [
      { personId: P(20), level: 'assistant_social_worker', obtainedOn: new Date('2019-06-01') },
      { personId: P(6), level: 'assistant_social_worker', obtainedOn: new Date('2024-06-01') },
      { personId: P(1), level: 'social_worker', obtainedOn: new Date('2025-08-20') },
      { personId: P(2), level: 'social_worker', obtainedOn: new Date('2025-08-20') },
    ],
  });
}
