/**
 * `yz` run by a unit coordinator (their personal token, as `yz login` saves it): the people list,
 * a person, the registry and exam reports, the exam funnel and a course roll answer only their
 * units, with counts over their people; another unit's person or unit is "not found", as over the
 * API (test/client/unitReach.test.ts), and district-wide controls are refused.
 */
import { beforeAll, expect, it } from 'vitest';
import { useCliSystem } from '../harness/cliSystem';
import { FACTS_DISTRICT, seedCampaignFacts } from '../harness/examFacts';
import { seedReachFacts, SCOPE_PATH } from '../harness/reachFacts';
import { createUser } from '../../store/auth/users';
import { createToken } from '../../store/auth/tokens';

const sys = useCliSystem(FACTS_DISTRICT);
let huamu: Record<string, string>;
let mine: Set<string>;
let theirs: string;

beforeAll(async () => {
  const { db } = sys.tdb;
  await seedCampaignFacts(sys.tdb, { district: false });
  await seedReachFacts(db);
  const user = await createUser(db, { username: 'huamu', role: 'unit', unitIds: ['pudong.s01'] });
  huamu = { YZ_TOKEN: (await createToken(db, user.userId, 'cli')).token };
  const people = await db.person.findMany({
    select: { id: true, unit: { select: { path: true } } },
  });
  mine = new Set(people.filter((p) => p.unit.path.startsWith(SCOPE_PATH)).map((p) => p.id));
  theirs = people.find((p) => !mine.has(p.id))!.id;
});

const as = (...args: string[]) => sys.yzWith(huamu, ...args);

it('narrows the people list and the unit tree to their units', async () => {
  const [list, units] = [
    await as('--json', 'person', 'list', '--limit', '500'),
    await as('--json', 'unit', 'list'),
  ];
  const people = sys.json(list) as { total: number; people: { id: string }[] };
  const active = await sys.tdb.db.person.count({
    where: { active: true, unit: { path: { startsWith: SCOPE_PATH } } },
  });
  expect(people.total).toBe(active);
  expect(people.people.every((p) => mine.has(p.id))).toBe(true);
  const u = sys.json(units) as { id: string }[];
  expect(u.map((x) => x.id).every((id) => id.startsWith('pudong.s01'))).toBe(true);
});

it('narrows the exam report and funnel to their people', async () => {
  const [report, funnel] = [
    await as('--json', 'exam', 'report', 'rpt-2025'),
    await as('--json', 'exam', 'funnel', 'rpt-2025'),
  ];
  const participants = await sys.tdb.db.examParticipant.findMany();
  const ours = participants.filter((p) => mine.has(p.personId));
  expect((sys.json(report) as { total: { mobilized: number } }).total.mobilized).toBe(ours.length);
  const counts = sys.json(funnel) as Record<string, number>;
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(ours.length);
  expect(ours.length).toBeLessThan(participants.length);
});

it('narrows a course roll to their people', async () => {
  const r = sys.json(await as('--json', 'course', 'roll', 'prep-2025')) as {
    people: { personId: string }[];
  };
  expect(r.people.length).toBeGreaterThan(0);
  expect(r.people.every((p) => mine.has(p.personId))).toBe(true);
});

it('answers another unit’s person or unit as not found, and refuses district controls', async () => {
  // One at a time: each is a Node process, and the machine may be busy.
  const me = await as('--json', 'person', 'show', [...mine][0]!);
  const other = await as('person', 'show', theirs);
  const otherUnit = await as('person', 'list', '--unit', 'pudong.s02');
  const census = await as('registry', 'report', '--unit', 'pudong.s02');
  const pause = await as('exam', 'pause', 'rpt-2025');
  const admin = await sys.yz('--json', 'person', 'show', theirs);
  expect(me.code, me.stderr).toBe(0);
  expect(other.code).toBe(1);
  expect(other.stderr).toContain(`未找到 / not found: ${theirs}`);
  expect(otherUnit.stderr).toContain('not found: pudong.s02');
  expect(census.stderr).toContain('not found: pudong.s02');
  expect(pause.code).toBe(1);
  expect(pause.stderr).toMatch(/not open to unit coordinators: yz exam pause/);
  // The same person for the installation's admin (no token).
  expect(admin.code, admin.stderr).toBe(0);
  const campaign = await sys.tdb.db.examCampaign.findUniqueOrThrow({ where: { id: 'rpt-2025' } });
  expect(campaign.status).toBe('running');
});
