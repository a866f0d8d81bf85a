/**
 * People's working life and merges on SQLite and PostgreSQL: transfer, leave and return keep stays
 * by date, rate reports divide by who was in each unit on the report's date, and a merge moves
 * every piece of history to the kept record (or nothing, naming the clash).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import {
  recordLeave,
  recordReturn,
  transferPerson,
} from '../../../store/registry/people/lifecycle';
import { mergePeople } from '../../../store/registry/people/merge';
import { certificationRate, census } from '../../../store/registry/reports';
import { addUnit, closeUnit } from '../../../store/registry/org/edit';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const SIZE = { streets: 2, unitsPerStreet: 2, people: 12 };
// p-000004, p-000008, p-000012 are in pudong.s01.u01; p-000002/6/10 in pudong.s02.u01.

describe.each(providersUnderTest())('people’s working life on %s', (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(provider);
    await loadDistrict(t.db, buildDistrict(SIZE));
    await t.db.certificate.create({
      data: { personId: 'p-000004', level: 'social_worker', obtainedOn: d('2020-05-01') },
    });
  });
  afterAll(() => t?.close());

  it('a transfer moves the person from its date; rates divide by who was there on each date', async () => {
    const r = await transferPerson(t.db, {
      personId: 'p-000004',
      toUnitId: 'pudong.s02.u01',
      on: d('2025-07-01'),
      by: 'li',
    });
    expect(r).toMatchObject({ fromUnitId: 'pudong.s01.u01', toUnitId: 'pudong.s02.u01' });
    const stays = await t.db.unitMembership.findMany({
      where: { personId: 'p-000004' },
      orderBy: { id: 'asc' },
    });
    expect(stays.map((s) => [s.unitId, s.startedOn, s.endedOn])).toEqual([
      ['pudong.s01.u01', null, d('2025-07-01')],
      ['pudong.s02.u01', d('2025-07-01'), null],
    ]);
    const rate = await certificationRate(t.db, {
      unitId: 'pudong',
      since: d('2025-01-01'),
      asOf: d('2026-01-01'),
    });
    const s01 = rate.children.find((c) => c.id === 'pudong.s01')!;
    const s02 = rate.children.find((c) => c.id === 'pudong.s02')!;
    // Today the certified person is in s02 (4 people there now, 5 → 4 in s01 … by the demo's split).
    expect(s02.certified).toBe(1);
    expect(s01.certified).toBe(0);
    // On 2025-01-01 they were in s01: s01's earlier rate is 1 / its people then.
    expect(s01.verdict.change).toBeCloseTo(-100 / (s01.people + 1), 5);
    const before = await census(t.db, { unitId: 'pudong.s01.u01', asOf: d('2025-01-01') });
    const now = await census(t.db, { unitId: 'pudong.s01.u01', asOf: d('2026-01-01') });
    expect(before.total.people - now.total.people).toBe(1);
  });

  it('leave and return close and reopen a stay; the reason stays in the database', async () => {
    await recordLeave(t.db, {
      personId: 'p-000008',
      on: d('2025-09-01'),
      reason: '家庭原因 / family reasons',
      by: 'li',
    });
    expect((await t.db.person.findUniqueOrThrow({ where: { id: 'p-000008' } })).active).toBe(false);
    const after = await census(t.db, { unitId: 'pudong.s01.u01', asOf: d('2025-10-01') });
    const before = await census(t.db, { unitId: 'pudong.s01.u01', asOf: d('2025-08-01') });
    expect(before.total.people - after.total.people).toBe(1);
    await recordReturn(t.db, { personId: 'p-000008', on: d('2026-02-01'), by: 'li' });
    const change = await t.db.personChange.findFirstOrThrow({
      where: { personId: 'p-000008', kind: 'leave' },
    });
    expect(change).toMatchObject({ reason: '家庭原因 / family reasons', recordedBy: 'li' });
    const back = await census(t.db, { unitId: 'pudong.s01.u01', asOf: d('2026-03-01') });
    expect(back.total.people).toBe(after.total.people + 1);
  });

  it.each([
    [
      'a transfer dated before the last change',
      () =>
        transferPerson(t.db, {
          personId: 'p-000004',
          toUnitId: 'pudong.s01.u02',
          on: d('2025-06-30'),
          by: 'li',
        }),
      /before the last change on 2025-07-01/,
    ],
    [
      'a transfer to the unit the person is in',
      () =>
        transferPerson(t.db, {
          personId: 'p-000004',
          toUnitId: 'pudong.s02.u01',
          on: d('2026-06-30'),
          by: 'li',
        }),
      /is in pudong.s02.u01 already/,
    ],
    [
      'a transfer to an unknown unit',
      () =>
        transferPerson(t.db, {
          personId: 'p-000004',
          toUnitId: 'nowhere',
          on: d('2026-06-30'),
          by: 'li',
        }),
      /unknown unit id: nowhere/,
    ],
    [
      'leaving without a reason',
      () => recordLeave(t.db, { personId: 'p-000012', on: d('2026-06-30'), reason: ' ', by: 'li' }),
      /reason/,
    ],
    [
      'a return of an active person',
      () => recordReturn(t.db, { personId: 'p-000012', on: d('2026-06-30'), by: 'li' }),
      /is active/,
    ],
    [
      'an unknown person',
      () => recordReturn(t.db, { personId: 'p-999999', on: d('2026-06-30'), by: 'li' }),
      /unknown person id: p-999999/,
    ],
  ])('refuses %s, writing nothing', async (_, act, message) => {
    const before = await t.db.unitMembership.count();
    const changes = await t.db.personChange.count();
    await expect(act()).rejects.toThrow(message);
    expect(await t.db.unitMembership.count()).toBe(before);
    expect(await t.db.personChange.count()).toBe(changes);
  });

  it('closing a unit waits until its people have moved or left', async () => {
    const unit = await addUnit(t.db, { name: '临时居民区', parentId: 'pudong.s02' }, 'li');
    await transferPerson(t.db, {
      personId: 'p-000012',
      toUnitId: unit.id,
      on: d('2026-03-01'),
      by: 'li',
    });
    await expect(closeUnit(t.db, unit.id, d('2026-04-01'), 'li')).rejects.toThrow(
      /1 active people/,
    );
    await transferPerson(t.db, {
      personId: 'p-000012',
      toUnitId: 'pudong.s01.u01',
      on: d('2026-04-01'),
      by: 'li',
    });
    expect((await closeUnit(t.db, unit.id, d('2026-04-01'), 'li')).closedOn).toEqual(
      d('2026-04-01'),
    );
    await expect(
      transferPerson(t.db, {
        personId: 'p-000012',
        toUnitId: unit.id,
        on: d('2026-05-01'),
        by: 'li',
      }),
    ).rejects.toThrow(/is closed/);
  });

  it('a merge moves every piece of history to the kept record and removes the other', async () => {
    const db = t.db;
    // p-000009 is a second record of p-000001 (same person, entered twice).
    await db.certificate.create({
      data: { personId: 'p-000009', level: 'assistant_social_worker', obtainedOn: d('2018-06-01') },
    });
    await db.trainingRecord.create({
      data: {
        sourceKey: 'external/x/p-000009',
        personId: 'p-000009',
        hoursTenths: 120,
        source: 'external',
        recordedBy: 'li',
      },
    });
    await db.personSpecialty.createMany({
      data: [
        { personId: 'p-000009', specialty: 'youth' },
        { personId: 'p-000001', specialty: 'youth' },
      ],
    });
    await db.person.update({
      where: { id: 'p-000009' },
      data: { idCardHash: 'h-9', idCardMasked: '3101**9' },
    });
    const contacts = await db.contactChannel.count({ where: { personId: 'p-000009' } });
    const result = await mergePeople(db, {
      keepId: 'p-000001',
      mergeId: 'p-000009',
      on: d('2026-06-01'),
      by: 'li',
    });
    expect(result.moved).toMatchObject({ certificates: 1, training: 1 });
    expect(await db.person.findUnique({ where: { id: 'p-000009' } })).toBeNull();
    const kept = await db.person.findUniqueOrThrow({
      where: { id: 'p-000001' },
      include: {
        certificates: true,
        training: true,
        specialties: true,
        contacts: true,
        changes: true,
      },
    });
    expect(kept.idCardHash).toBe('h-9');
    expect(kept.certificates.map((c) => c.level)).toEqual(['assistant_social_worker']);
    expect(kept.training.map((r) => r.sourceKey)).toEqual(['external/x/p-000009']);
    expect(kept.specialties.map((s) => s.specialty)).toEqual(['youth']);
    expect(kept.contacts.length).toBeGreaterThanOrEqual(contacts);
    expect(kept.changes.find((c) => c.kind === 'merge')).toMatchObject({
      mergedId: 'p-000009',
      recordedBy: 'li',
    });
  });

  it('refuses a merge where both records hold one keyed fact, writing nothing', async () => {
    const db = t.db;
    const cohort = await db.cohort.create({
      data: {
        id: 'c-merge',
        title: '雏雁',
        kind: 'new_hire',
        coordinatorId: 'p-000002',
        createdBy: 'li',
      },
    });
    await db.cohortMember.createMany({
      data: [
        { cohortId: cohort.id, personId: 'p-000002', addedBy: 'li' },
        { cohortId: cohort.id, personId: 'p-000006', addedBy: 'li' },
      ],
    });
    await expect(
      mergePeople(db, { keepId: 'p-000002', mergeId: 'p-000006', on: d('2026-06-01'), by: 'li' }),
    ).rejects.toThrow(new RegExp(`cohort: ${cohort.id}`));
    expect(await db.person.findUnique({ where: { id: 'p-000006' } })).not.toBeNull();
    await expect(
      mergePeople(db, { keepId: 'p-000002', mergeId: 'p-000002', on: d('2026-06-01'), by: 'li' }),
    ).rejects.toThrow(/into itself/);
  });
});
