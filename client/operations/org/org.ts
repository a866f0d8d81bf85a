/**
 * The organisation tree (组织架构) for coordinators, shared by `yz org` and `/org` routes: import a
 * file (dry run by default), export, list as a tree, and add, rename, move or close one unit.
 * Every write records who made it (the actor's username).
 */
import type { Db } from '../../../store/db';
import { importOrgFile, type OrgImportReport } from '../../../store/registry/org/import';
import {
  addUnit,
  closeUnit,
  moveUnit,
  renameUnit,
  type NewUnit,
  type UnitRecord,
} from '../../../store/registry/org/edit';
import { RegistryError } from '../../../store/registry/subtree';
import { CONTENT_TYPES, writeTable } from '../../../store/registry/table';
import type { SheetFormat } from '../../../store/registry/roster/read';
import { loadVocabulary } from '../../../store/registry/vocabularyTerms';
import { ORG_COLUMN_ZH } from '../../../workflows/rules/orgTree';
import { InputError } from '../../../common/errors';
import { calendarDate, fileBytes, type GivenFile } from './files';

export interface OrgContext {
  db: Db;
}

function actor(by: string | undefined): string {
  if (!by?.trim()) throw new InputError('须注明操作人 / who acts (by) is required');
  return by.trim();
}

export interface ImportOrgRequest {
  file: GivenFile;
  format?: SheetFormat;
  commit?: boolean;
  by: string;
}

export interface ImportOrgResult extends OrgImportReport {
  file: string;
}

export async function importOrganisation(
  ctx: OrgContext,
  request: ImportOrgRequest,
): Promise<ImportOrgResult> {
  const by = actor(request.by);
  const { name, bytes } = await fileBytes(request.file);
  const report = await importOrgFile(ctx.db, {
    bytes,
    name,
    ...(request.format ? { format: request.format } : {}),
    commit: request.commit === true,
    by,
  });
  return { file: name, ...report };
}

export interface OrgNodeListing {
  id: string;
  name: string;
  kind: string;
  kindZh: string;
  parentId: string | null;
  depth: number;
  /** Active people placed directly in this unit. */
  people: number;
  closedOn: string | null;
}

/** The tree (under `under` when given: an id or a unique name), parents before children. */
export async function listOrganisation(
  ctx: OrgContext,
  query: { under?: string; closed?: boolean } = {},
): Promise<OrgNodeListing[]> {
  let root = '/';
  if (query.under !== undefined) root = (await findUnit(ctx.db, query.under)).path;
  const [orgs, kinds] = await Promise.all([
    ctx.db.organisation.findMany({
      where: { path: { startsWith: root }, ...(query.closed ? {} : { closedOn: null }) },
      orderBy: { path: 'asc' },
      select: {
        id: true,
        name: true,
        kind: true,
        parentId: true,
        path: true,
        closedOn: true,
        _count: { select: { people: { where: { active: true } } } },
      },
    }),
    loadVocabulary(ctx.db, 'org_kind'),
  ]);
  const levels = (path: string) => path.split('/').filter(Boolean).length;
  const top = orgs.length ? Math.min(...orgs.map((o) => levels(o.path))) : 0;
  // Siblings by name (a person reads names), each parent before its children.
  const children = new Map<string | null, typeof orgs>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const o of orgs) {
    const key = o.parentId !== null && ids.has(o.parentId) ? o.parentId : null;
    children.set(key, [...(children.get(key) ?? []), o]);
  }
  const out: OrgNodeListing[] = [];
  const walk = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const o of list) {
      out.push({
        id: o.id,
        name: o.name,
        kind: o.kind,
        kindZh: kinds.zh[o.kind] ?? o.kind,
        parentId: o.parentId,
        depth: levels(o.path) - top,
        people: o._count.people,
        closedOn: o.closedOn?.toISOString().slice(0, 10) ?? null,
      });
      walk(o.id);
    }
  };
  walk(null);
  return out;
}

/** A unit by id, or by a name that names exactly one unit. */
export async function findUnit(db: Db, written: string) {
  const w = written.trim();
  const byId = await db.organisation.findUnique({ where: { id: w } });
  if (byId) return byId;
  const named = await db.organisation.findMany({ where: { name: w }, take: 5 });
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new InputError(
      `单位名称不唯一 / "${w}" names several units: ${named.map((u) => u.id).join(', ')} — give the id`,
    );
  throw new RegistryError(`未知单位 / unknown unit: ${w}`);
}

export async function exportOrganisation(
  ctx: OrgContext,
  request: { format?: SheetFormat; under?: string; closed?: boolean } = {},
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const format = request.format ?? 'xlsx';
  const nodes = await listOrganisation(ctx, {
    ...(request.under !== undefined ? { under: request.under } : {}),
    closed: request.closed === true,
  });
  const bytes = await writeTable(
    {
      title: '组织架构',
      headers: [
        ORG_COLUMN_ZH.id,
        ORG_COLUMN_ZH.name,
        ORG_COLUMN_ZH.kind,
        ORG_COLUMN_ZH.parent,
        '撤销日期',
      ],
      rows: nodes.map((n) => [n.id, n.name, n.kindZh, n.parentId, n.closedOn]),
    },
    format,
  );
  return { fileName: `organisation.${format}`, contentType: CONTENT_TYPES[format], bytes };
}

export interface UnitAnswer extends Omit<UnitRecord, 'closedOn'> {
  closedOn: string | null;
}

const answer = (u: UnitRecord): UnitAnswer => ({
  ...u,
  closedOn: u.closedOn?.toISOString().slice(0, 10) ?? null,
});

export async function addOrgUnit(
  ctx: OrgContext,
  request: NewUnit & { by: string },
): Promise<UnitAnswer> {
  const { by, ...unit } = request;
  let parentId = unit.parentId;
  if (parentId !== undefined) parentId = (await findUnit(ctx.db, parentId).catch(asInput)).id;
  return answer(await addUnit(ctx.db, { ...unit, ...(parentId ? { parentId } : {}) }, actor(by)));
}

/** A parent named in a request that does not exist is a bad request, not a missing resource. */
function asInput(e: unknown): never {
  if (e instanceof RegistryError)
    throw new InputError(`上级单位：${e.message} / parent: ${e.message}`);
  throw e;
}

export async function renameOrgUnit(
  ctx: OrgContext,
  request: { unit: string; name?: string; kind?: string; by: string },
): Promise<UnitAnswer> {
  if (request.name === undefined && request.kind === undefined)
    throw new InputError('请给出新名称或类型 / give a new name or kind');
  const unit = await findUnit(ctx.db, request.unit);
  return answer(
    await renameUnit(
      ctx.db,
      unit.id,
      {
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.kind !== undefined ? { kind: request.kind } : {}),
      },
      actor(request.by),
    ),
  );
}

export async function moveOrgUnit(
  ctx: OrgContext,
  request: { unit: string; parent: string; by: string },
): Promise<UnitAnswer> {
  const unit = await findUnit(ctx.db, request.unit);
  const parent = await findUnit(ctx.db, request.parent).catch(asInput);
  return answer(await moveUnit(ctx.db, unit.id, parent.id, actor(request.by)));
}

export async function closeOrgUnit(
  ctx: OrgContext,
  request: { unit: string; on: string; by: string },
): Promise<UnitAnswer> {
  const unit = await findUnit(ctx.db, request.unit);
  return answer(
    await closeUnit(ctx.db, unit.id, calendarDate(request.on, 'on'), actor(request.by)),
  );
}
