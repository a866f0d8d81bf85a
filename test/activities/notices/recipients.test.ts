/**
 * Who a notice goes to (store/notices/recipients.ts), on both providers: the primary e-mail
 * address when a person has several, none for a person without one, unknown ids left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipientsOf } from '../../../store/notices/recipients';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

describe.each(providersUnderTest())('notice recipients on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    const { db } = tdb;
    await loadDistrict(db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 3 }));
    await db.contactChannel.deleteMany({ where: { personId: { in: ['p-000001', 'p-000002'] } } });
    await db.contactChannel.createMany({
      data: [
        { personId: 'p-000001', kind: 'email', value: 'old@example.cn', isPrimary: false },
        { personId: 'p-000001', kind: 'phone', value: '13800000000', isPrimary: true },
        { personId: 'p-000001', kind: 'email', value: 'main@example.cn', isPrimary: true },
        { personId: 'p-000002', kind: 'phone', value: '13900000000', isPrimary: true },
      ],
    });
  });
  afterAll(async () => tdb?.close());

  it('reads name, locale and the primary e-mail address, one statement for the batch', async () => {
    const people = await recipientsOf(tdb.db, ['p-000001', 'p-000002', 'p-999999']);
    expect([...people.keys()].sort()).toEqual(['p-000001', 'p-000002']);
    const first = await tdb.db.person.findUniqueOrThrow({ where: { id: 'p-000001' } });
    expect(people.get('p-000001')).toEqual({
      id: 'p-000001',
      name: first.name,
      locale: first.locale,
      email: 'main@example.cn',
    });
    expect(people.get('p-000002')!.email).toBeNull();
  });
});
