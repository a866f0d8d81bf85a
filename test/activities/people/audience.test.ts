import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceError, audiencePage, countAudience } from '../../../store/people/audience';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

describe.each(providersUnderTest())('audience on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 2, unitsPerStreet: 2, people: 40 }));
    // p-000001 is a social worker, p-000002 a senior social worker, p-000003 an assistant.
    await tdb.db.certificate.createMany({
      data: [
        { personId: 'p-000001', level: 'social_worker', obtainedOn: new Date('2023-06-01') },
        { personId: 'p-000002', level: 'senior_social_worker', obtainedOn: new Date('2022-06-01') },
        {
          personId: 'p-000003',
          level: 'assistant_social_worker',
          obtainedOn: new Date('2024-06-01'),
        },
      ],
    });
    await tdb.db.person.update({ where: { id: 'p-000004' }, data: { active: false } });
  });
  afterAll(async () => {
    await tdb?.close();
  });

  it('a unit includes its sub-units; inactive people are left out', async () => {
    expect(await countAudience(tdb.db, { unitIds: ['pudong'] })).toBe(39);
    const street = await tdb.db.person.count({
      where: { active: true, unit: { path: { startsWith: '/pudong/pudong.s01/' } } },
    });
    expect(await countAudience(tdb.db, { unitIds: ['pudong.s01'] })).toBe(street);
  });

  it('not certified at a level: people holding that level or a higher one are left out', async () => {
    const { personIds } = await audiencePage(
      tdb.db,
      { unitIds: ['pudong'], notCertifiedAt: 'social_worker' },
      undefined,
      100,
    );
    expect(personIds).toHaveLength(37);
    expect(personIds).not.toContain('p-000001');
    expect(personIds).not.toContain('p-000002');
    expect(personIds).toContain('p-000003'); // an assistant may sit the social-worker exam
    expect(
      await countAudience(tdb.db, {
        unitIds: ['pudong'],
        notCertifiedAt: 'assistant_social_worker',
      }),
    ).toBe(36);
  });

  it('pages in id order', async () => {
    const first = await audiencePage(tdb.db, { unitIds: ['pudong'] }, undefined, 25);
    const second = await audiencePage(tdb.db, { unitIds: ['pudong'] }, first.nextCursor, 25);
    expect(first.personIds).toHaveLength(25);
    expect(second.personIds).toHaveLength(14);
    expect(second.nextCursor).toBeUndefined();
    expect([...first.personIds, ...second.personIds]).toEqual(
      [...first.personIds, ...second.personIds].sort(),
    );
  });

  it.each([
    [{ unitIds: ['pudong'], notCertifiedAt: 'doctor' }, /unknown certificate level: doctor/],
    [{ unitIds: ['nowhere'] }, /unknown unit id\(s\): nowhere/],
    [{ roles: ['astronaut'] }, /unknown role "astronaut"/],
    [{ personIds: ['p-999999'] }, /unknown person id\(s\): p-999999/],
    [{}, /names no people, units or roles/],
  ])('refuses %o', async (audience, message) => {
    await expect(countAudience(tdb.db, audience)).rejects.toThrow(AudienceError);
    await expect(countAudience(tdb.db, audience)).rejects.toThrow(message);
  });
});
