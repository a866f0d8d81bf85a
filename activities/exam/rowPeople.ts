/**
 * Who the rows of an exam authority's file name: a 人员编号 (person id) known here, or else an
 * ID-card number matched through its salted hash (the number itself is never stored or echoed).
 * Shared by the results import and the registered-list import.
 */
import type { Db } from '../db';
import { hashIdCard, normalizeIdCard } from '../registry/idCard';
import { idCardSalt } from '../registry/salt';

export interface RowKey {
  personId: string;
  idCard: string;
}

export type RowPerson =
  | { personId: string }
  | { personId?: undefined; field: 'person_id' | 'id_card'; message: string };

/** Looks every key up at once; the function it returns names each row's person, or why not. */
export async function rowPeople(db: Db, keys: RowKey[]): Promise<(key: RowKey) => RowPerson> {
  const salt = await idCardSalt(db);
  const hash = (card: string) => hashIdCard(normalizeIdCard(card), salt);
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
        : { field: 'person_id', message: `unknown person id ${k.personId}` };
    if (k.idCard) {
      const personId = byHash.get(hash(k.idCard));
      return personId
        ? { personId }
        : { field: 'id_card', message: 'no person with this ID-card number' };
    }
    return { field: 'person_id', message: 'neither a person id nor an ID-card number' };
  };
}
