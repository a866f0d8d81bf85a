/**
 * The registry's vocabularies in the database (词表): load one (the seed with a district's own
 * terms over it), add a term, rename one (its labels and synonyms; the code stays, so every record
 * using it keeps its meaning), remove a district's term nobody uses.
 */
import type { Db, Tx } from '../db';
import { parseJson } from '../db';
import { Conflict, InputError, NotFound } from '../../common/errors';
import {
  VOCABULARY_NAMES,
  mergeVocabulary,
  termProblem,
  type LoadedVocabulary,
  type Term,
  type TermRow,
  type VocabularyName,
} from '../../workflows/rules/vocabularyTable';

export function vocabularyName(written: string): VocabularyName {
  const w = written.trim().toLowerCase().replace(/-/g, '_');
  const aliases: Record<string, VocabularyName> = {
    specialties: 'specialty',
    专长: 'specialty',
    roles: 'role',
    岗位: 'role',
    角色: 'role',
    level: 'cert_level',
    levels: 'cert_level',
    certificate_level: 'cert_level',
    证书等级: 'cert_level',
    kind: 'org_kind',
    kinds: 'org_kind',
    unit_kind: 'org_kind',
    单位类型: 'org_kind',
  };
  const name = (VOCABULARY_NAMES as string[]).includes(w) ? (w as VocabularyName) : aliases[w];
  if (!name)
    throw new InputError(
      `未知的词表 / unknown vocabulary "${written}" (known: ${VOCABULARY_NAMES.join(', ')})`,
    );
  return name;
}

async function rowsOf(db: Db | Tx, name: VocabularyName): Promise<TermRow[]> {
  const rows = await db.vocabularyTerm.findMany({ where: { vocabulary: name } });
  return rows.map((r) => ({
    ...r,
    synonyms: parseJson<string[]>(r.synonyms, `synonyms of ${name}/${r.code}`),
  }));
}

export async function loadVocabulary(db: Db | Tx, name: VocabularyName): Promise<LoadedVocabulary> {
  return mergeVocabulary(name, await rowsOf(db, name));
}

/** The vocabularies a roster's or a definition's people are read against, loaded once. */
export async function peopleVocabularies(db: Db | Tx): Promise<{
  role: LoadedVocabulary;
  certLevel: LoadedVocabulary;
  specialty: LoadedVocabulary;
}> {
  const [role, certLevel, specialty] = await Promise.all([
    loadVocabulary(db, 'role'),
    loadVocabulary(db, 'cert_level'),
    loadVocabulary(db, 'specialty'),
  ]);
  return { role, certLevel, specialty };
}

/** How many records use each code (people, certificates, specialties or units). */
export async function usage(db: Db, name: VocabularyName): Promise<Map<string, number>> {
  const grouped: { k: string; n: number }[] =
    name === 'specialty'
      ? (await db.personSpecialty.groupBy({ by: ['specialty'], _count: true })).map((g) => ({
          k: g.specialty,
          n: g._count,
        }))
      : name === 'role'
        ? (await db.person.groupBy({ by: ['role'], _count: true })).map((g) => ({
            k: g.role,
            n: g._count,
          }))
        : name === 'cert_level'
          ? (await db.certificate.groupBy({ by: ['level'], _count: true })).map((g) => ({
              k: g.level,
              n: g._count,
            }))
          : (await db.organisation.groupBy({ by: ['kind'], _count: true })).map((g) => ({
              k: g.kind,
              n: g._count,
            }));
  return new Map(grouped.map((g) => [g.k, g.n]));
}

export interface TermInput {
  code: string;
  zh: string;
  en?: string;
  synonyms?: string[];
  ceHours?: number;
}

function checkHours(name: VocabularyName, ceHours: number | undefined): void {
  if (ceHours === undefined) return;
  if (name !== 'cert_level')
    throw new InputError('只有证书等级有继续教育学时 / only certificate levels have CE hours');
  if (!Number.isInteger(ceHours) || ceHours < 0 || ceHours > 1000)
    throw new InputError(
      `学时需为 0–1000 的整数 / CE hours must be a whole number 0–1000: ${ceHours}`,
    );
}

export async function addTerm(
  db: Db,
  name: VocabularyName,
  input: TermInput,
  by: string,
): Promise<Term> {
  const v = await loadVocabulary(db, name);
  const term = { code: input.code.trim(), zh: input.zh.trim(), synonyms: input.synonyms ?? [] };
  if (v.codes.includes(term.code))
    throw new Conflict(`${v.what.zh} ${term.code} 已存在 / ${v.what.en} ${term.code} exists`);
  const problem = termProblem(v, term);
  if (problem) throw new InputError(problem);
  checkHours(name, input.ceHours);
  await db.vocabularyTerm.create({
    data: {
      vocabulary: name,
      ...term,
      en: input.en?.trim() || null,
      synonyms: JSON.stringify(term.synonyms),
      rank: 1000 + v.codes.length,
      ceHours: input.ceHours ?? null,
      createdBy: by,
    },
  });
  return (await loadVocabulary(db, name)).terms.find((t) => t.code === term.code)!;
}

/** New labels or synonyms for a code; the code and the records using it stay. */
export async function renameTerm(
  db: Db,
  name: VocabularyName,
  code: string,
  change: { zh?: string; en?: string; synonyms?: string[]; ceHours?: number },
  by: string,
): Promise<Term> {
  const v = await loadVocabulary(db, name);
  const old = v.terms.find((t) => t.code === code);
  if (!old) throw new NotFound(`${v.what.zh}没有 ${code} / no ${v.what.en} ${code}`);
  const next = {
    code,
    zh: change.zh?.trim() ?? old.zh,
    synonyms: change.synonyms ?? old.synonyms,
  };
  const problem = termProblem(v, next, code);
  if (problem) throw new Conflict(problem);
  checkHours(name, change.ceHours);
  const rank = v.codes.indexOf(code);
  const data = {
    zh: next.zh,
    en: change.en?.trim() || old.en,
    synonyms: JSON.stringify(next.synonyms),
    ceHours: change.ceHours ?? old.ceHours ?? null,
    createdBy: by,
  };
  await db.vocabularyTerm.upsert({
    where: { vocabulary_code: { vocabulary: name, code } },
    create: { vocabulary: name, code, rank, ...data },
    update: data,
  });
  return (await loadVocabulary(db, name)).terms.find((t) => t.code === code)!;
}

/** Removes a district's own term; refused while any record uses it, and for seeded terms. */
export async function removeTerm(db: Db, name: VocabularyName, code: string): Promise<void> {
  const v = await loadVocabulary(db, name);
  const term = v.terms.find((t) => t.code === code);
  if (!term) throw new NotFound(`${v.what.zh}没有 ${code} / no ${v.what.en} ${code}`);
  if (term.seeded)
    throw new Conflict(`${term.zh} ${code} 是内置值，不能删除 / ${code} is built in and stays`);
  const used = (await usage(db, name)).get(code) ?? 0;
  if (used)
    throw new Conflict(
      `${term.zh} ${code} 正被 ${used} 条记录使用，不能删除 / ${code} is used by ${used} records and cannot be removed`,
    );
  await db.vocabularyTerm.delete({ where: { vocabulary_code: { vocabulary: name, code } } });
}
