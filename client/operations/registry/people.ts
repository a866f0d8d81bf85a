/**
 * Finding people and units (人员与单位查询), shared by `yz person list` / `yz unit list` and
 * `GET /people` / `GET /units`: people by name, unit (with its sub-units), role and certificate
 * level, with their units by name; the organisation tree with each unit's depth and head count.
 * Only what a coordinator needs to pick someone: no contacts, no ID-card numbers.
 */
import type { Prisma } from '../../../store/db';
import {
  CERT_LEVELS,
  CERT_LEVEL_ZH,
  ROLES,
  ROLE_ZH,
  type CertLevel,
  type Role,
} from '../../../store/registry/vocabulary';
import { InputError, NotFound } from '../../../common/errors';
import type { RegistryContext } from './registry';

export const DEFAULT_PERSON_LIMIT = 50;
export const MAX_PERSON_LIMIT = 1000;

export interface PersonQuery {
  /** Part of the name, e.g. "王". */
  name?: string;
  /** A unit id; its sub-units are included. */
  unitId?: string;
  /** A role code (community_worker…) or its Chinese word (社区工作者…). */
  role?: string;
  /** A certificate level code (social_worker…) or its Chinese word (社会工作师…). */
  level?: string;
  /** How many to answer (1–1000, default 50). */
  limit?: number;
  /** Inactive people too (default: active only). */
  all?: boolean;
}

export interface PersonListing {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  /** A role code (community_worker…). */
  role: string;
  roleZh: string;
  /** Certificate levels held, lowest first. */
  levels: CertLevel[];
  levelsZh: string[];
  active: boolean;
}

export interface PersonList {
  /** How many people match (the list stops at `limit`). */
  total: number;
  limit: number;
  people: PersonListing[];
}

/** A code, or the Chinese word for it; an InputError naming the field and the choices. */
function code<C extends string>(
  field: string,
  value: string,
  codes: readonly C[],
  zh: Record<C, string>,
): C {
  const v = value.trim();
  const found = codes.find((c) => c === v || zh[c] === v);
  if (found) return found;
  const choices = codes.map((c) => `${c} ${zh[c]}`).join(', ');
  throw new InputError(`${field} 无效 / unknown ${field} "${value}" (one of: ${choices})`);
}

function limitOf(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PERSON_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PERSON_LIMIT)
    throw new InputError(
      `limit 需为 1–${MAX_PERSON_LIMIT} 的整数 / limit must be a whole number from 1 to ${MAX_PERSON_LIMIT}`,
    );
  return limit;
}

async function unitPath(ctx: RegistryContext, unitId: string): Promise<string> {
  const unit = await ctx.db.organisation.findUnique({
    where: { id: unitId.trim() },
    select: { path: true },
  });
  if (!unit) throw new InputError(`单位不存在 / unknown unit id: ${unitId}`);
  return unit.path;
}

export async function listPeople(ctx: RegistryContext, query: PersonQuery): Promise<PersonList> {
  const limit = limitOf(query.limit);
  const where: Prisma.PersonWhereInput = {};
  if (!query.all) where.active = true;
  if (query.name?.trim()) where.name = { contains: query.name.trim() };
  if (query.role !== undefined) where.role = code('role', query.role, ROLES, ROLE_ZH);
  if (query.level !== undefined) {
    const level = code('level', query.level, CERT_LEVELS, CERT_LEVEL_ZH);
    where.certificates = { some: { level } };
  }
  if (query.unitId !== undefined) {
    where.unit = { path: { startsWith: await unitPath(ctx, query.unitId) } };
  }
  const [total, rows] = await Promise.all([
    ctx.db.person.count({ where }),
    ctx.db.person.findMany({
      where,
      take: limit,
      orderBy: [{ unitId: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      select: LISTING_SELECT,
    }),
  ]);
  return { total, limit, people: rows.map(personListing) };
}

/** The columns a listing needs. */
export const LISTING_SELECT = {
  id: true,
  name: true,
  unitId: true,
  role: true,
  active: true,
  unit: { select: { name: true } },
  certificates: { select: { level: true } },
} as const;

const rank = (l: string) => CERT_LEVELS.indexOf(l as CertLevel);

/** A person as a listing: unit by name, role and levels with their Chinese words. */
export function personListing(p: Prisma.PersonGetPayload<{ select: typeof LISTING_SELECT }>) {
  const levels = p.certificates.map((c) => c.level as CertLevel).sort((a, b) => rank(a) - rank(b));
  return {
    id: p.id,
    name: p.name,
    unitId: p.unitId,
    unitName: p.unit.name,
    role: p.role,
    roleZh: ROLE_ZH[p.role as Role] ?? p.role,
    levels,
    levelsZh: levels.map((l) => CERT_LEVEL_ZH[l] ?? l),
    active: p.active,
  };
}

/** One person by id (`yz person show`, `GET /people/:personId`). */
export async function showPerson(ctx: RegistryContext, personId: string): Promise<PersonListing> {
  const p = await ctx.db.person.findUnique({ where: { id: personId }, select: LISTING_SELECT });
  if (!p) throw new NotFound(`未找到 / not found: ${personId}`);
  return personListing(p);
}

export interface UnitListing {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  /** 0 for the tree's top (or the unit asked for), 1 for its children… */
  depth: number;
  /** Active people placed directly in this unit. */
  people: number;
}

/** The organisation tree (under `unitId` when given), parents before their children. */
export async function listUnits(
  ctx: RegistryContext,
  query: { unitId?: string } = {},
): Promise<UnitListing[]> {
  const root = query.unitId === undefined ? '/' : await unitPath(ctx, query.unitId);
  const orgs = await ctx.db.organisation.findMany({
    where: { path: { startsWith: root } },
    orderBy: { path: 'asc' },
    select: {
      id: true,
      name: true,
      kind: true,
      parentId: true,
      path: true,
      _count: { select: { people: { where: { active: true } } } },
    },
  });
  const levels = (path: string) => path.split('/').filter(Boolean).length;
  const top = Math.min(...orgs.map((o) => levels(o.path)));
  return orgs.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentId: o.parentId,
    depth: levels(o.path) - top,
    people: o._count.people,
  }));
}
