/**
 * Registry reports. The talent census (人才资源库) of a unit's subtree — people by role, certified
 * people by their highest level, specialties, people with at least N training hours — and the
 * certification rate (持证率: certified active people / active people), its change since an
 * earlier date and against a target. Counting happens in SQL, grouped by unit; the pure part
 * below rolls those per-unit figures up the organisation tree.
 */
import { Prisma } from '../../generated/prisma/sqlite/client';
import type { Db } from '../db';
import { subtree, type OrgNode } from './subtree';
import { CERT_LEVELS, type CertLevel } from './vocabulary';

export interface Counts {
  people: number;
  byRole: Record<string, number>;
  certified: number;
  /** Certified people by the highest level they hold. */
  byLevel: Record<CertLevel, number>;
  specialties: Record<string, number>;
  /** People with any of the focus specialties (Huili's "family education or mental health"). */
  focusPeople: number;
  /** People with at least the threshold of training hours. */
  trained: number;
}

export function emptyCounts(): Counts {
  return {
    people: 0,
    byRole: {},
    certified: 0,
    byLevel: { assistant_social_worker: 0, social_worker: 0, senior_social_worker: 0 },
    specialties: {},
    focusPeople: 0,
    trained: 0,
  };
}

const addInto = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

export function addCounts(into: Counts, from: Counts): Counts {
  into.people += from.people;
  into.certified += from.certified;
  into.focusPeople += from.focusPeople;
  into.trained += from.trained;
  addInto(into.byRole, from.byRole);
  addInto(into.byLevel, from.byLevel);
  addInto(into.specialties, from.specialties);
  return into;
}

export interface UnitRow<T> {
  id: string;
  name: string;
  kind: string;
  value: T;
}

/**
 * Per-unit figures summed for `root`'s whole subtree and for each of its direct children's
 * subtrees (a unit's own people count in its own row).
 */
export function rollUp<T>(
  orgs: readonly OrgNode[],
  root: OrgNode,
  perUnit: ReadonlyMap<string, T>,
  empty: () => T,
  add: (into: T, from: T) => T,
): { total: UnitRow<T>; children: UnitRow<T>[] } {
  const row = (o: OrgNode): UnitRow<T> => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    value: empty(),
  });
  const total = row(root);
  const children = orgs.filter((o) => o.parentId === root.id).map(row);
  for (const o of orgs) {
    const v = perUnit.get(o.id);
    if (v === undefined || !o.path.startsWith(root.path)) continue;
    total.value = add(total.value, v);
    const child = children.find((c) => o.path.startsWith(`${root.path}${c.id}/`));
    if (child) child.value = add(child.value, v);
  }
  return { total, children };
}

/** Certified / active, 0 when nobody is active. */
export function rate(certified: number, people: number): number {
  return people ? certified / people : 0;
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const points = (p: number) => `${p >= 0 ? '+' : ''}${p.toFixed(1)}`;

export interface RateTarget {
  /** Target rate, in percent (60 = 60%). */
  rate?: number;
  /** Target change since the earlier date, in percentage points. */
  change?: number;
}

export interface RateVerdict {
  rate: number;
  /** Percentage points since the earlier date, when one is given. */
  change?: number;
  met?: boolean;
  summary: string;
  summaryEn: string;
}

/** "持证率 41.2%，较 2024-01-01 +6.3 个百分点，目标 +6.0，已达成" — a rate judged against a target. */
export function judgeRate(
  now: number,
  before?: { rate: number; since: string },
  target: RateTarget = {},
): RateVerdict {
  const change = before ? (now - before.rate) * 100 : undefined;
  const checks: boolean[] = [];
  const zh = [`持证率 ${pct(now)}`];
  const en = [`certification rate ${pct(now)}`];
  if (before && change !== undefined) {
    zh.push(`较 ${before.since} ${points(change)} 个百分点`);
    en.push(`${points(change)} points since ${before.since}`);
  }
  if (target.rate !== undefined) {
    checks.push(now * 100 >= target.rate - 1e-9);
    zh.push(`目标 ${target.rate.toFixed(1)}%`);
    en.push(`target ${target.rate.toFixed(1)}%`);
  }
  if (target.change !== undefined && change !== undefined) {
    checks.push(change >= target.change - 1e-9);
    zh.push(`目标 ${points(target.change)} 个百分点`);
    en.push(`target ${points(target.change)} points`);
  }
  const met = checks.length ? checks.every(Boolean) : undefined;
  if (met !== undefined) {
    zh.push(met ? '已达成' : '未达成');
    en.push(met ? 'target met' : 'target not met');
  }
  return {
    rate: now,
    ...(change !== undefined ? { change } : {}),
    ...(met !== undefined ? { met } : {}),
    summary: zh.join('，'),
    summaryEn: en.join(', '),
  };
}

// ── Queries ──────────────────────────────────────────────────────────────────

type Grouped = { unit: string; k: string | number | bigint | null; n: number | bigint }[];

/**
 * Who was active in which unit on a date (`a.pid`, `a.uid`): their stays (UnitMembership), or for
 * people with no stay recorded (imported before stays were kept), their current unit while active.
 */
const activeOn = (on: Date) => Prisma.sql`(
  SELECT m."personId" AS pid, m."unitId" AS uid FROM "UnitMembership" m
  WHERE (m."startedOn" IS NULL OR m."startedOn" <= ${on}) AND (m."endedOn" IS NULL OR m."endedOn" > ${on})
  UNION ALL
  SELECT p.id AS pid, p."unitId" AS uid FROM "Person" p
  WHERE p.active = true AND NOT EXISTS (SELECT 1 FROM "UnitMembership" m WHERE m."personId" = p.id)
) a`;

/**
 * People active in the given units on `on`, joined to `x`: a fact table already aggregated per
 * person (aggregating first, in the fact table's personId order, is several times faster than
 * joining every fact row to its person).
 */
const ofPeopleIn = (unitIds: string[], on: Date) => Prisma.sql`
  JOIN ${activeOn(on)} ON a.pid = x."personId"
  WHERE a.uid IN (${Prisma.join(unitIds)})`;

/** Adds grouped rows into per-unit figures, making a unit's figures on first sight. */
function tally<T>(
  perUnit: Map<string, T>,
  rows: Grouped,
  empty: () => T,
  put: (into: T, k: string, n: number) => void,
) {
  for (const r of rows) {
    let v = perUnit.get(r.unit);
    if (v === undefined) perUnit.set(r.unit, (v = empty()));
    put(v, String(r.k), Number(r.n));
  }
}

/** People active in each unit on `on`, by role. */
async function peopleByRole(db: Db, unitIds: string[], on: Date): Promise<Grouped> {
  return db.$queryRaw<Grouped>`
    SELECT a.uid AS unit, p.role AS k, COUNT(*) AS n FROM ${activeOn(on)}
    JOIN "Person" p ON p.id = a.pid
    WHERE a.uid IN (${Prisma.join(unitIds)})
    GROUP BY a.uid, p.role`;
}

/** Certified people by highest level held on `asOf` (certificates obtained on or before it). */
async function highestLevels(db: Db, unitIds: string[], asOf: Date): Promise<Grouped> {
  const rank = Prisma.raw(
    `CASE level ${CERT_LEVELS.map((l, i) => `WHEN '${l}' THEN ${i + 1}`).join(' ')} ELSE 0 END`,
  );
  return db.$queryRaw<Grouped>`
    SELECT a.uid AS unit, x.r AS k, COUNT(*) AS n FROM (
      SELECT "personId", MAX(${rank}) AS r FROM "Certificate"
      WHERE "obtainedOn" <= ${asOf} GROUP BY "personId"
    ) x ${ofPeopleIn(unitIds, asOf)}
    GROUP BY a.uid, x.r`;
}

async function specialtyCounts(db: Db, unitIds: string[], on: Date): Promise<Grouped> {
  return db.$queryRaw<Grouped>`
    SELECT a.uid AS unit, x.specialty AS k, COUNT(*) AS n
    FROM "PersonSpecialty" x ${ofPeopleIn(unitIds, on)}
    GROUP BY a.uid, x.specialty`;
}

async function focusCounts(db: Db, unitIds: string[], focus: string[], on: Date): Promise<Grouped> {
  if (!focus.length) return [];
  return db.$queryRaw<Grouped>`
    SELECT a.uid AS unit, 'focus' AS k, COUNT(*) AS n FROM (
      SELECT DISTINCT "personId" FROM "PersonSpecialty" WHERE specialty IN (${Prisma.join(focus)})
    ) x ${ofPeopleIn(unitIds, on)}
    GROUP BY a.uid`;
}

async function trainedCounts(db: Db, unitIds: string[], hours: number, on: Date): Promise<Grouped> {
  return db.$queryRaw<Grouped>`
    SELECT a.uid AS unit, 'trained' AS k, COUNT(*) AS n FROM (
      SELECT "personId" FROM "TrainingRecord" GROUP BY "personId"
      HAVING SUM("hoursTenths") >= ${Math.round(hours * 10)}
    ) x ${ofPeopleIn(unitIds, on)}
    GROUP BY a.uid`;
}

async function rootOf(db: Db, unitId: string) {
  const { root, orgs } = await subtree(db, unitId);
  return { root: root!, orgs, unitIds: orgs.map((o) => o.id) };
}
export interface CensusOptions {
  unitId: string;
  /** Training hours that count as trained (Huili: 120). */
  hoursThreshold?: number;
  focusSpecialties?: string[];
  asOf?: Date;
}

export interface Census {
  unit: { id: string; name: string; kind: string };
  asOf: string;
  hoursThreshold: number;
  focusSpecialties: string[];
  total: Counts;
  children: UnitRow<Counts>[];
}

export async function census(db: Db, options: CensusOptions): Promise<Census> {
  const hoursThreshold = options.hoursThreshold ?? 120;
  const focus = options.focusSpecialties ?? ['family_education', 'mental_health'];
  const asOf = options.asOf ?? new Date();
  const { root, orgs, unitIds } = await rootOf(db, options.unitId);
  const [roles, levels, specialties, focusPeople, trained] = await Promise.all([
    peopleByRole(db, unitIds, asOf),
    highestLevels(db, unitIds, asOf),
    specialtyCounts(db, unitIds, asOf),
    focusCounts(db, unitIds, focus, asOf),
    trainedCounts(db, unitIds, hoursThreshold, asOf),
  ]);
  const perUnit = new Map<string, Counts>();
  const fill = (rows: Grouped, put: (c: Counts, k: string, n: number) => void) =>
    tally(perUnit, rows, emptyCounts, put);
  fill(roles, (c, k, n) => {
    c.byRole[k] = n;
    c.people += n;
  });
  fill(levels, (c, k, n) => {
    const level = CERT_LEVELS[Number(k) - 1];
    if (level) c.byLevel[level] += n;
    c.certified += n;
  });
  fill(specialties, (c, k, n) => (c.specialties[k] = n));
  fill(focusPeople, (c, _k, n) => (c.focusPeople = n));
  fill(trained, (c, _k, n) => (c.trained = n));
  const { total, children } = rollUp(orgs, root, perUnit, emptyCounts, addCounts);
  return {
    unit: { id: root.id, name: root.name, kind: root.kind },
    asOf: asOf.toISOString(),
    hoursThreshold,
    focusSpecialties: focus,
    total: total.value,
    children,
  };
}

export interface RateFigures {
  people: number;
  certified: number;
  /** People active on the earlier date, and how many of them were certified then. */
  peopleBefore?: number;
  certifiedBefore?: number;
}

export interface RateRow {
  id: string;
  name: string;
  kind: string;
  people: number;
  certified: number;
  verdict: RateVerdict;
}

export interface CertificationRate {
  unit: RateRow;
  since?: string;
  children: RateRow[];
}

export interface RateOptions {
  unitId: string;
  /** Earlier date to compare with: certificates obtained on or before it. */
  since?: Date;
  target?: RateTarget;
  asOf?: Date;
}

/**
 * The certification rate of a unit's subtree and of each direct child, on `asOf` and at `since`:
 * each divides by the people active in the unit on its own date (their stays), so people who
 * moved or left count where they were then.
 */
export async function certificationRate(db: Db, options: RateOptions): Promise<CertificationRate> {
  const { root, orgs, unitIds } = await rootOf(db, options.unitId);
  const asOf = options.asOf ?? new Date();
  const [roles, now, rolesBefore, before] = await Promise.all([
    peopleByRole(db, unitIds, asOf),
    highestLevels(db, unitIds, asOf),
    options.since ? peopleByRole(db, unitIds, options.since) : Promise.resolve([]),
    options.since ? highestLevels(db, unitIds, options.since) : Promise.resolve([]),
  ]);
  const empty = (): RateFigures => ({
    people: 0,
    certified: 0,
    peopleBefore: 0,
    certifiedBefore: 0,
  });
  const perUnit = new Map<string, RateFigures>();
  const put = (rows: Grouped, key: keyof RateFigures) =>
    tally(perUnit, rows, empty, (f, _k, n) => (f[key] = (f[key] ?? 0) + n));
  put(roles, 'people');
  put(now, 'certified');
  put(rolesBefore, 'peopleBefore');
  put(before, 'certifiedBefore');
  const add = (into: RateFigures, from: RateFigures) => {
    into.people += from.people;
    into.certified += from.certified;
    into.peopleBefore = (into.peopleBefore ?? 0) + (from.peopleBefore ?? 0);
    into.certifiedBefore = (into.certifiedBefore ?? 0) + (from.certifiedBefore ?? 0);
    return into;
  };
  const { total, children } = rollUp(orgs, root, perUnit, empty, add);
  const since = options.since?.toISOString().slice(0, 10);
  const judged = (u: UnitRow<RateFigures>): RateRow => ({
    id: u.id,
    name: u.name,
    kind: u.kind,
    people: u.value.people,
    certified: u.value.certified,
    verdict: judgeRate(
      rate(u.value.certified, u.value.people),
      since
        ? { rate: rate(u.value.certifiedBefore ?? 0, u.value.peopleBefore ?? 0), since }
        : undefined,
      options.target,
    ),
  });
  return { unit: judged(total), ...(since ? { since } : {}), children: children.map(judged) };
}
