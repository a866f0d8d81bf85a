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

it('narrows lists, reports, the funnel and the roll to their units', async () => {
  const [list, report, funnel, roll, units] = await Promise.all([
    as('--json', 'person', 'list', '--limit', '500'),
    as('--json', 'exam', 'report', 'rpt-2025'),
    as('--json', 'exam', 'funnel', 'rpt-2025'),
    as('--json', 'course', 'roll', 'prep-2025'),
    as('--json', 'unit', 'list'),
  ]);
  const people = sys.json(list) as { total: number; people: { id: string }[] };
  const active = await sys.tdb.db.person.count({
    where: { active: true, unit: { path: { startsWith: SCOPE_PATH } } },
  });
  expect(people.total).toBe(active);
  expect(people.people.every((p) => mine.has(p.id))).toBe(true);

  const participants = await sys.tdb.db.examParticipant.findMany();
  const ours = participants.filter((p) => mine.has(p.personId));
  expect((sys.json(report) as { id: string; total: { mobilized: number } }).total.mobilized).toBe(
    ours.length,
  );
  const counts = sys.json(funnel) as Record<string, number>;
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(ours.length);
  expect(ours.length).toBeLessThan(participants.length);

  const r = sys.json(roll) as { people: { personId: string }[] };
  expect(r.people.length).toBeGreaterThan(0);
  expect(r.people.every((p) => mine.has(p.personId))).toBe(true);
  const u = sys.json(units) as { id: string }[];
  expect(u.map((x) => x.id).every((id) => id.startsWith('pudong.s01'))).toBe(true);
});

it('answers another unit’s person or unit as not found, and refuses district controls', async () => {
  const [me, other, otherUnit, census, pause, admin] = await Promise.all([
    as('--json', 'person', 'show', [...mine][0]!),
    as('person', 'show', theirs),
    as('person', 'list', '--unit', 'pudong.s02'),
    as('registry', 'report', '--unit', 'pudong.s02'),
    as('exam', 'pause', 'rpt-2025'),
    sys.yz('--json', 'person', 'show', theirs),
  ]);
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
