/**
 * CE ledgers of a district's own certificate levels (词表 cert_level), end to end on the
 * time-skipping server with the real worker and database, as a coordinator does it:
 * - a level added with CE hours: a roster brings a person in with it, `credits start --all`
 *   starts the ledger, which asks the level's hours (not NaN) and stands sensibly; the report
 *   counts the person;
 * - a level added without hours: `credits start` refuses naming it, `--all` leaves the person
 *   out and says why, the report counts them apart; recording the registration tells the ledger,
 *   which waits saying why; once the hours are set and the registration recorded again, it counts.
 */
import { expect, it } from 'vitest';
import { ledger, startLedger } from '../../client/operations/credits/ledger';
import { registerCertificate } from '../../client/operations/credits/registrations';
import { ceReport } from '../../client/operations/credits/reports';
import { startAllLedgers } from '../../client/operations/credits/startAll';
import { addVocabularyTerm, renameVocabularyTerm } from '../../client/operations/org/vocabulary';
import { creditsWorkflowId } from '../../workflows/credits/signals';
import { recordHistory } from '../harness/histories';
import { commitRoster } from '../harness/roster';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 1, people: 3 },
  env: createTimeSkippingEnv,
});

it("a district's levels: their hours count, a level without hours is refused by name", async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const orgCtx = { db };
  await addVocabularyTerm(orgCtx, {
    vocabulary: 'cert_level',
    code: 'correction_social_worker',
    zh: '社区矫正社工',
    ceHours: 60,
    by: 'coordinator-li',
  });
  await addVocabularyTerm(orgCtx, {
    vocabulary: 'cert_level',
    code: 'antidrug_social_worker',
    zh: '禁毒社工',
    by: 'coordinator-li',
  });
  await commitRoster(db, env, [
    '姓名,身份证号,手机号码,所属街镇,所在单位,岗位,证书等级,取证时间,登记日期,累计培训学时',
    '王芳,310115199001010029,13812340011,花木街道,联洋居民区,社区工作者,社区矫正社工,2020年3月5日,2025年1月1日,12',
    '李娜,310115199102020031,13812340012,花木街道,联洋居民区,社区工作者,禁毒社工,2020年3月5日,2025年1月1日,0',
  ]);
  const wang = await db.person.findFirstOrThrow({ where: { name: '王芳' } });
  const li = await db.person.findFirstOrThrow({ where: { name: '李娜' } });

  // One starts; the other is left out, by level and why.
  const all = await startAllLedgers(ctx, { unitId: wang.unitId });
  expect(all).toMatchObject({ registered: 2, started: 1, running: 0 });
  expect(all.noHours).toEqual([
    {
      level: 'antidrug_social_worker',
      people: 1,
      problem: expect.stringContaining('antidrug_social_worker'),
    },
  ]);
  await expect(startLedger(ctx, li.id)).rejects.toThrow(
    /证书等级 antidrug_social_worker 没有继续教育学时.*certificate level antidrug_social_worker has no CE hours known/,
  );

  // The district's level asks its own hours, 60 h over 2025-01-01 – 2028-01-01.
  await expect.poll(async () => (await ledger(ctx, wang.id)).registration).toBe('in_force');
  const v = await ledger(ctx, wang.id);
  expect(v).toMatchObject({
    level: 'correction_social_worker',
    periodStart: '2025-01-01T00:00:00.000Z',
    periodEnd: '2028-01-01T00:00:00.000Z',
    requiredTenths: 600,
    earnedTenths: 120,
  });
  expect(Number.isFinite(v.proRataTenths)).toBe(true);
  expect(v.proRataTenths).toBeGreaterThan(0);
  expect(v.proRataTenths).toBeLessThan(600);
  expect(v.standing).toBe(v.earnedTenths >= v.proRataTenths ? 'on_track' : 'behind');

  // The report counts the first by standing, the second apart.
  const rows = await ceReport(ctx, {});
  const sum = (k: 'compliant' | 'on_track' | 'behind' | 'overdue' | 'no_hours') =>
    rows.reduce((n, r) => n + r[k], 0);
  expect(sum('no_hours')).toBe(1);
  expect(sum('on_track') + sum('behind')).toBeGreaterThanOrEqual(1);

  // Recording the second's registration tells their ledger: it waits, and says why.
  const told = await registerCertificate(ctx, {
    personId: li.id,
    on: '2025-01-01',
    recordedBy: 'coordinator-li',
  });
  expect(told.problem).toContain('antidrug_social_worker');
  await expect.poll(async () => (await ledger(ctx, li.id)).problem).toContain('antidrug');
  expect(await ledger(ctx, li.id)).toMatchObject({
    registration: 'awaiting',
    standing: 'awaiting_registration',
  });

  // The hours set and the registration recorded again: the ledger counts them (read from the
  // vocabulary as it stands, though the ledger began without them).
  await renameVocabularyTerm(orgCtx, {
    vocabulary: 'cert_level',
    code: 'antidrug_social_worker',
    ceHours: 30,
    by: 'coordinator-li',
  });
  const again = await registerCertificate(ctx, {
    personId: li.id,
    on: '2025-01-01',
    recordedBy: 'coordinator-li',
  });
  expect(again.problem).toBeUndefined();
  await expect.poll(async () => (await ledger(ctx, li.id)).registration).toBe('in_force');
  expect(await ledger(ctx, li.id)).toMatchObject({
    level: 'antidrug_social_worker',
    requiredTenths: 300,
  });
  expect((await ledger(ctx, li.id)).problem).toBeUndefined();
  // A replay fixture of the wait for the level's hours and the period that follows.
  await recordHistory(
    'credits-level-hours-from-vocabulary',
    env.client.workflow.getHandle(creditsWorkflowId(li.id)),
  );
}, 300_000);
