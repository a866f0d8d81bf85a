/**
 * Certificate registrations as records, on both providers: the missing date follows from the
 * period rule, the certificate mirrors its latest registration, the same registration recorded
 * twice is one record, and a registration before the certificate, overlapping another, or for a
 * certificate not held is refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRegistration, registrationsOf } from '../../../store/credits/registrations';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe.each(providersUnderTest())('certificate registrations on %s', (provider) => {
  let tdb: TestDb;
  const P = 'p-000001';
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 3 }));
    await tdb.db.certificate.deleteMany({ where: { personId: { in: [P, 'p-000002'] } } });
    await tdb.db.certificate.create({
      data: { personId: P, level: 'social_worker', obtainedOn: d('2020-11-20') },
    });
  });
  afterAll(() => tdb.close());

  it('records a registration from its expiry alone and mirrors it on the certificate', async () => {
    const r = await recordRegistration(tdb.db, {
      personId: P,
      expiresOn: d('2024-01-10'),
      source: 'roster',
      sourceRef: '名册.xlsx',
      recordedBy: 'chen',
    });
    expect(r).toMatchObject({ created: true, level: 'social_worker', source: 'roster' });
    expect(r.registeredOn).toEqual(d('2021-01-10'));
    const again = await recordRegistration(tdb.db, {
      personId: P,
      level: 'social_worker',
      registeredOn: d('2021-01-10'),
      source: 'coordinator',
      recordedBy: 'li',
    });
    expect(again).toMatchObject({ created: false, id: r.id, source: 'roster' });
    const cert = await tdb.db.certificate.findFirstOrThrow({ where: { personId: P } });
    expect([cert.registeredOn, cert.registrationExpiresOn]).toEqual([
      d('2021-01-10'),
      d('2024-01-10'),
    ]);
  });

  it('a renewal follows; an earlier registration added later leaves the mirror on the latest', async () => {
    await recordRegistration(tdb.db, {
      personId: P,
      registeredOn: d('2024-01-10'),
      source: 'renewal',
      recordedBy: 'renewal',
    });
    const cert = await tdb.db.certificate.findFirstOrThrow({ where: { personId: P } });
    expect(cert.registrationExpiresOn).toEqual(d('2027-01-10'));
    expect((await registrationsOf(tdb.db, P)).map((r) => r.source)).toEqual(['roster', 'renewal']);
  });

  it('refuses what cannot be true, writing nothing', async () => {
    const before = await tdb.db.certificateRegistration.count();
    const base = { personId: P, source: 'coordinator' as const, recordedBy: 'chen' };
    await expect(
      recordRegistration(tdb.db, { ...base, registeredOn: d('2020-01-01') }),
    ).rejects.toThrow(/早于取证日期.*before the certificate/);
    await expect(
      recordRegistration(tdb.db, { ...base, registeredOn: d('2025-06-01') }),
    ).rejects.toMatchObject({ name: 'Conflict', message: expect.stringMatching(/overlaps/) });
    await expect(
      recordRegistration(tdb.db, {
        ...base,
        registeredOn: d('2021-01-10'),
        expiresOn: d('2023-01-10'),
      }),
    ).rejects.toThrow(/有效期至 2024-01-09.*not 2023-01-09/);
    await expect(
      recordRegistration(tdb.db, {
        ...base,
        registeredOn: d('2021-01-10'),
        expiresOn: d('2021-01-10'),
      }),
    ).rejects.toThrow(/not after the registration/);
    await expect(
      recordRegistration(tdb.db, {
        ...base,
        level: 'senior_social_worker',
        registeredOn: d('2022-01-01'),
      }),
    ).rejects.toThrow(/p-000001 未持有该证书 \/ holds no senior_social_worker certificate/);
    await expect(
      recordRegistration(tdb.db, { ...base, personId: 'p-000002', registeredOn: d('2022-01-01') }),
    ).rejects.toThrow(/holds no certificate/);
    await expect(
      recordRegistration(tdb.db, { ...base, personId: 'p-999999', registeredOn: d('2022-01-01') }),
    ).rejects.toMatchObject({ name: 'NotFound' });
    expect(await tdb.db.certificateRegistration.count()).toBe(before);
  });
});
