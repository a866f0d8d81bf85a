/**
 * A talent census on a real timeline (time-skipping server): three units, a deadline ten days
 * out, reminders 7, 3 and 1 day before. One unit reports at once, one after two reminders, one
 * never: it is escalated to the coordinator, and the coordinator gets the final report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { censusProgress, startCensus, submitCensus } from '../../client/operations/census/census';
import {
  censusUnitQuery,
  censusUnitWorkflowId,
  censusWorkflowId,
} from '../../workflows/census/signals';
import { DEFAULT_QUIET_HOURS } from '../../workflows/rules/quietHours';
import { localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';
import { recordHistory } from '../harness/histories';

const SH = 'Asia/Shanghai';
const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 3, people: 30 },
  env: createTimeSkippingEnv,
});

const units = ['pudong.s01.u01', 'pudong.s01.u02', 'pudong.s01.u03'];

/** A roster of the unit's people as the unit would send it back (Chinese headers). */
async function rosterOf(unitId: string): Promise<string> {
  const people = await sys.tdb.db.person.findMany({ where: { unitId }, orderBy: { id: 'asc' } });
  const lines = [
    '人员编号,姓名,单位,岗位',
    ...people.map((p) => `${p.id},${p.name},${unitId},志愿者`),
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'yz-census-')), `${unitId}.csv`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

it('requests, reminds until each unit reports, escalates the silent one, and reports', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client, quietHours: DEFAULT_QUIET_HOURS });
  const now = new Date(await env.currentTimeMs());
  const p = localParts(now, SH);
  const deadline = zonedInstant({ ...p, day: p.day + 10, hour: 17, minute: 0, second: 0 }, SH);
  const contacts = Object.fromEntries(
    await Promise.all(
      units.map(async (u) => [u, (await db.person.findFirstOrThrow({ where: { unitId: u } })).id]),
    ),
  ) as Record<string, string>;
  const coordinatorId = 'p-000030';

  await startCensus(
    { ...ctx, now: () => now },
    {
      id: 'huili-2026',
      title: '2026年社工人才资源库普查',
      unitIds: units,
      deadline: deadline.toISOString(),
      coordinatorId,
      contacts,
      createdBy: '会理市社会工作部',
    },
  );
  const unitState = (u: string) =>
    env.client.workflow.getHandle(censusUnitWorkflowId('huili-2026', u)).query(censusUnitQuery);
  const toContact = (u: string) =>
    sys.sink.messages.filter((m) => m.to[0] === `${contacts[u]}@demo.yanzhen.local`);

  // Requests go out at once; unit 1 reports straight away.
  await sys.sink.waitFor(3);
  const first = await submitCensus(ctx, {
    censusId: 'huili-2026',
    unitId: units[0]!,
    file: await rosterOf(units[0]!),
    recordedBy: contacts[units[0]!]!,
  });
  expect(first.status).toBe('submitted');
  expect(first.import.counts.invalid).toBe(0);

  // Past the 7-day and 3-day reminders: unit 2 reports then.
  await env.sleep('8 days');
  expect((await unitState(units[1]!)).remindersSent).toBe(2);
  const second = await submitCensus(ctx, {
    censusId: 'huili-2026',
    unitId: units[1]!,
    file: await rosterOf(units[1]!),
    recordedBy: contacts[units[1]!]!,
  });
  expect(second.status).toBe('submitted');

  const handle = env.client.workflow.getHandle(censusWorkflowId('huili-2026'));
  const result = await handle.result();
  expect(result).toMatchObject({ status: 'completed', units: 3, reported: 2, late: 1, pending: 0 });
  await recordHistory('census-huili', handle);
  // Search attributes (patch search-attributes-status): the census, a unit that reported late.
  await recordHistory('search-attributes-census-completed', handle);
  await recordHistory(
    'search-attributes-census-unit-late',
    env.client.workflow.getHandle(censusUnitWorkflowId('huili-2026', units[2]!)),
  );
  await recordHistory(
    'census-unit-late',
    env.client.workflow.getHandle(censusUnitWorkflowId('huili-2026', units[2]!)),
  );
  // Who submitted is on the unit's row; the unit's workflow heard the row count only.
  await recordHistory(
    'census-unit-submitted-by-in-db',
    env.client.workflow.getHandle(censusUnitWorkflowId('huili-2026', units[0]!)),
  );
  expect(
    await sys.tdb.db.censusCampaignUnit.findUniqueOrThrow({
      where: { censusId_unitId: { censusId: 'huili-2026', unitId: units[0]! } },
    }),
  ).toMatchObject({ status: 'reported', submittedBy: contacts[units[0]!] });

  // Unit 1: the request only. Unit 2: request + two reminders. Unit 3: request + three reminders.
  expect(toContact(units[0]!).map((m) => m.subject)).toEqual([
    expect.stringMatching(/^【人才资源库普查】请于.+前报送/),
  ]);
  expect(toContact(units[1]!)).toHaveLength(3);
  expect(toContact(units[2]!)).toHaveLength(4);
  expect(toContact(units[2]!)[3]!.subject).toMatch(/^【提醒】.+尚未报送/);
  // The coordinator: the escalation of unit 3, then the report.
  const coordinator = sys.sink.messages
    .filter((m) => m.to[0] === `${coordinatorId}@demo.yanzhen.local`)
    .map((m) => m.subject);
  expect(coordinator).toEqual([
    expect.stringMatching(/^【逾期】.+未按期报送/),
    '【普查结果】2026年社工人才资源库普查：2/3个单位已报送',
  ]);

  const progress = await censusProgress(ctx, 'huili-2026');
  expect(progress.byUnit).toEqual({
    [units[0]!]: 'reported',
    [units[1]!]: 'reported',
    [units[2]!]: 'late',
  });
  const record = await db.censusCampaign.findUniqueOrThrow({ where: { id: 'huili-2026' } });
  expect(record.status).toBe('completed');
  expect(JSON.parse(record.summary!)).toMatchObject({ units: 3, reported: 2, late: 1 });
  // A late roster is still taken and kept on record.
  const late = await submitCensus(ctx, {
    censusId: 'huili-2026',
    unitId: units[2]!,
    file: await rosterOf(units[2]!),
    recordedBy: contacts[units[2]!]!,
  });
  expect(late.status).toMatch(/late/);
  expect(await censusProgress(ctx, 'huili-2026')).toMatchObject({
    status: 'completed',
    reported: 3,
    late: 0,
    reportedLate: 1,
    byUnit: { [units[2]!]: 'reported_late' },
  });
});

it('refuses a census with bad input, writing nothing', async () => {
  const ctx = sys.announcementCtx({ temporal: sys.env!.client });
  const base = {
    id: 'bad-census',
    title: '普查',
    unitIds: ['pudong.s01.u01'],
    deadline: new Date(Date.now() + 864e5 * 30).toISOString(),
    coordinatorId: 'p-000030',
    contacts: { 'pudong.s01.u01': 'p-000001' },
    createdBy: 'x',
  };
  await expect(startCensus(ctx, { ...base, unitIds: ['nowhere'] })).rejects.toThrow(
    /unknown unit id\(s\): nowhere/,
  );
  await expect(startCensus(ctx, { ...base, deadline: '2020-01-01T00:00:00Z' })).rejects.toThrow(
    /in the past/,
  );
  await expect(startCensus(ctx, { ...base, reminderOffsets: ['soon'] })).rejects.toThrow(
    /reminder offset "soon"/,
  );
  await expect(startCensus(ctx, { ...base, coordinatorId: 'p-404' })).rejects.toThrow(/p-404/);
  await expect(
    startCensus(ctx, { ...base, contacts: { 'pudong.s01.u01': 'p-404404' } }),
  ).rejects.toThrow(/unknown contact person id\(s\): p-404404/);
  expect(await sys.tdb.db.censusCampaign.count({ where: { id: 'bad-census' } })).toBe(0);
});
