/**
 * The rows of an exam authority's file (results, the registered list) and who each names: a
 * 人员编号 (person id) known here, or else an ID-card number matched through its keyed hash (the
 * number itself is never stored or echoed). Shared by the results and registered-list imports.
 */
import type { Db } from '../db';
import { normalizeIdCard } from '../registry/idCard';
import { installationIdCardHasher } from '../registry/idCardHasher';
import {
  columnLetter,
  mapColumnsOf,
  type Column,
  type HeaderMapping,
  type HeaderVocabulary,
} from '../registry/roster/headers';
import {
  isBlankRow,
  readSheet,
  RosterFileError,
  type Cell,
  type SheetFormat,
} from '../registry/roster/read';
import { cellText } from '../registry/roster/fields';

interface RowKey {
  personId: string;
  idCard: string;
}

export type RowPerson =
  | { personId: string }
  | { personId?: undefined; field: 'person_id' | 'id_card'; message: string };

/** Looks every key up at once; the function it returns names each row's person, or why not. */
async function rowPeople(db: Db, keys: RowKey[]): Promise<(key: RowKey) => RowPerson> {
  const keyed = await installationIdCardHasher(db);
  const hash = (card: string) => keyed(normalizeIdCard(card));
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const k of keys) {
    if (k.personId) ids.add(k.personId);
    else if (k.idCard) hashes.add(hash(k.idCard));
  }
  const people = await db.person.findMany({
    where: { OR: [{ id: { in: [...ids] } }, { idCardHash: { in: [...hashes] } }] },
    select: { id: true, idCardHash: true },
  });
  const byHash = new Map(people.filter((p) => p.idCardHash).map((p) => [p.idCardHash!, p.id]));
  const known = new Set(people.map((p) => p.id));
  return (k) => {
    if (k.personId)
      return known.has(k.personId)
        ? { personId: k.personId }
        : {
            field: 'person_id',
            message: `未知人员编号 ${k.personId} / unknown person id ${k.personId}`,
          };
    if (k.idCard) {
      const personId = byHash.get(hash(k.idCard));
      return personId
        ? { personId }
        : {
            field: 'id_card',
            message: '没有持此身份证号的人员 / no person with this ID-card number',
          };
    }
    return {
      field: 'person_id',
      message: '既无人员编号也无身份证号 / neither a person id nor an ID-card number',
    };
  };
}

export interface PersonSheet<F extends string> {
  columns: Map<F, Column<F>>;
  /** The rows below the header, blank ones left out: 1-based row numbers as the sheet shows. */
  data: { cells: Cell[]; row: number; who: RowPerson }[];
  /** A cell's text ('' when the column is absent). */
  at: (cells: Cell[], field: F) => string;
  /** "A 人员编号": where a field's column is ('' when absent). */
  where: (field: F) => string;
}

/**
 * Reads the file and finds its header row — the first of the first ten with the vocabulary's
 * required columns and a 人员编号 or 身份证号 column (titles above it are passed over) — then
 * names each row's person.
 */
export async function readPersonSheet<F extends string>(
  db: Db,
  vocabulary: HeaderVocabulary<F | 'person_id' | 'id_card'>,
  /** What the file is, for the error when it has no person column: 成绩文件 / results need. */
  what: { zh: string; en: string },
  options: { bytes: Uint8Array; name?: string; format?: SheetFormat; mapping?: HeaderMapping },
): Promise<PersonSheet<F | 'person_id' | 'id_card'>> {
  type G = F | 'person_id' | 'id_card';
  const sheet = await readSheet(options.bytes, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  let header: { index: number; columns: Map<G, Column<G>> } | undefined;
  let first: RosterFileError | undefined;
  let noPerson = false;
  for (let index = 0; index < Math.min(sheet.rows.length, 10) && !header; index++) {
    if (isBlankRow(sheet.rows[index]!)) continue;
    try {
      const columns = mapColumnsOf(vocabulary, sheet.rows[index]!, options.mapping);
      if (columns.has('person_id') || columns.has('id_card')) header = { index, columns };
      else noPerson = true;
    } catch (e) {
      if (!(e instanceof RosterFileError)) throw e;
      first ??= e;
    }
  }
  if (!header) {
    if (noPerson || !first)
      throw new RosterFileError(
        `${what.zh}须有人员编号 (person_id) 或身份证号 (id_card) 列 / ${what.en} a 人员编号 (person_id) or 身份证号 (id_card) column`,
      );
    throw first;
  }
  const { index, columns } = header;
  const at = (cells: Cell[], f: G) => {
    const c = columns.get(f);
    return c ? cellText(cells[c.index]) : '';
  };
  const rows = sheet.rows
    .map((cells, i) => ({ cells, row: i + 1 }))
    .filter(({ cells, row }) => row > index + 1 && !isBlankRow(cells));
  const keyOf = (cells: Cell[]) => ({
    personId: at(cells, 'person_id'),
    idCard: at(cells, 'id_card'),
  });
  const personOf = await rowPeople(
    db,
    rows.map(({ cells }) => keyOf(cells)),
  );
  return {
    columns,
    data: rows.map((r) => ({ ...r, who: personOf(keyOf(r.cells)) })),
    at,
    where: (f) => {
      const c = columns.get(f);
      return c ? `${columnLetter(c.index)} ${c.header}` : '';
    },
  };
}
