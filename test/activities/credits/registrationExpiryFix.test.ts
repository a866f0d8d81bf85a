/**
 * 登记有效期至 one day short (#12): registrations an earlier roster import kept with the last day
 * in force as their expiry. `credits registrations fix-expiry` lists those of the old shape (the
 * roster's by default, legacy ones when asked, never a coordinator's), leaves one a renewal
 * follows for a person to decide, and with --commit moves the rest a day on with the
 * certificate's mirror, audited, telling running ledgers; run again it finds nothing to move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { fixRegistrationExpiries } from '../../../client/operations/credits/registrations';
import type { Actor } from '../../../client/operations/actor';
import { FIX_EXPIRY_ACTION } from '../../../store/credits/registrationExpiryFix';
import { listAudit } from '../../../store/audit';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const admin: Actor = {
  userId: 'u-admin',
  username: 'admin-wang',
  displayName: '王管理员',
  role: 'admin',
  unitIds: [],
};

describe.each(providersUnderTest())('registration expiry fix on %s', (provider) => {
  let tdb: TestDb;
  const signalled: string[] = [];
  const temporal = {
    workflow: {
      getHandle: (id: string) => ({
        signal: async () => void signalled.push(id),
      }),
    },
  } as unknown as Client;
  const ctx = () => ({
    db: tdb.db,
    temporal,
    taskQueue: 'q',
    timeZone: 'Asia/Shanghai',
    quietHours: null,
  });
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 3 }));
    const db = tdb.db;
    await db.certificateRegistration.deleteMany({});
    await db.certificate.deleteMany({});
    const cert = (personId: string, level: string) =>
      db.certificate.create({ data: { personId, level, obtainedOn: d('2019-01-01') } });
    const reg = async (
      key: string,
      c: { id: number; personId: string; level: string },
      source: string,
      registeredOn: string,
      expiresOn: string,
    ) => {
      const r = await db.certificateRegistration.create({
        data: {
          certificateId: c.id,
          personId: c.personId,
          level: c.level,
          registeredOn: d(registeredOn),
          expiresOn: d(expiresOn),
          source,
          sourceRef: source === 'roster' ? '名册.xlsx' : null,
          recordedBy: 'old-import',
        },
      });
      ids[key] = r.id;
    };
    // As the old roster import left it: 登记有效期至 2027-06-30 kept as the expiry.
    const a = await cert('p-000001', 'social_worker');
    await reg('short', a, 'roster', '2024-07-01', '2027-06-30');
    await db.certificate.update({
      where: { id: a.id },
      data: { registeredOn: d('2024-07-01'), registrationExpiresOn: d('2027-06-30') },
    });
    // Right already (a later import), and a coordinator's (never listed).
    const b = await cert('p-000002', 'social_worker');
    await reg('right', b, 'roster', '2021-01-10', '2024-01-10');
    await reg('coordinator', b, 'coordinator', '2024-01-10', '2027-01-09');
    // Old shape, but the ledger renewed it from the short expiry: a person decides.
    const c = await cert('p-000003', 'assistant_social_worker');
    await reg('renewed', c, 'roster', '2020-06-01', '2023-05-31');
    await reg('renewal', c, 'renewal', '2023-05-31', '2026-05-31');
    // A certificate registered before registrations were records: only with --source legacy.
    const e = await cert('p-000003', 'social_worker');
    await reg('legacy', e, 'legacy', '2025-03-01', '2028-02-29');
  });
  afterAll(() => tdb.close());

  it('lists the roster records of the old shape, without changing anything', async () => {
    const r = await fixRegistrationExpiries(ctx(), admin, {});
    expect(r).toMatchObject({ committed: false, fixed: 0, blocked: 1, ledgersTold: 0 });
    expect(r.candidates.map((c) => [c.id, c.fixedExpiresOn, !!c.blocked])).toEqual([
      [ids.short, d('2027-07-01'), false],
      [ids.renewed, d('2023-06-01'), true],
    ]);
    expect(r.candidates[1]!.blocked).toContain('2023-05-31');
    const legacy = await fixRegistrationExpiries(ctx(), admin, { sources: ['roster', 'legacy'] });
    expect(legacy.candidates.map((c) => c.id)).toEqual([ids.short, ids.renewed, ids.legacy]);
    const earlier = await fixRegistrationExpiries(ctx(), admin, { before: '2000-01-01' });
    expect(earlier.candidates).toEqual([]);
    const row = await tdb.db.certificateRegistration.findUniqueOrThrow({
      where: { id: ids.short },
    });
    expect(row.expiresOn).toEqual(d('2027-06-30'));
  });

  it('is for admins, and reads only roster or legacy sources', async () => {
    await expect(
      fixRegistrationExpiries(ctx(), { ...admin, role: 'district' }, { commit: true }),
    ).rejects.toThrow('admins only');
    await expect(
      fixRegistrationExpiries(ctx(), admin, { sources: ['coordinator'] }),
    ).rejects.toThrow(/roster or legacy/);
  });

  it('moves them a day on with the certificate, audited, and tells the ledgers; once', async () => {
    const r = await fixRegistrationExpiries(ctx(), admin, { commit: true });
    expect(r).toMatchObject({
      committed: true,
      fixed: 1,
      blocked: 1,
      ledgersTold: 1,
      ledgersUnreached: [],
    });
    expect(signalled).toEqual(['credits/p-000001']);
    const row = await tdb.db.certificateRegistration.findUniqueOrThrow({
      where: { id: ids.short },
    });
    expect(row.expiresOn).toEqual(d('2027-07-01'));
    const cert = await tdb.db.certificate.findFirstOrThrow({ where: { personId: 'p-000001' } });
    expect(cert.registrationExpiresOn).toEqual(d('2027-07-01'));
    // The one a renewal follows, the right one and the coordinator's stay.
    const stay = await tdb.db.certificateRegistration.findMany({
      where: { id: { in: [ids.renewed!, ids.right!, ids.coordinator!] } },
      orderBy: { id: 'asc' },
    });
    expect(stay.map((s) => s.expiresOn)).toEqual([
      d('2024-01-10'),
      d('2027-01-09'),
      d('2023-05-31'),
    ]);
    const audit = await listAudit(tdb.db, { action: FIX_EXPIRY_ACTION });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'admin-wang',
      targets: [`registration/${ids.short}`],
      before: [{ id: ids.short, personId: 'p-000001', expiresOn: '2027-06-30' }],
      after: [
        { id: ids.short, personId: 'p-000001', expiresOn: '2027-07-01', lastDay: '2027-06-30' },
      ],
    });

    const again = await fixRegistrationExpiries(ctx(), admin, { commit: true });
    expect(again).toMatchObject({ fixed: 0, blocked: 1, ledgersTold: 0 });
    expect(again.candidates.map((c) => c.id)).toEqual([ids.renewed]);
    expect(await listAudit(tdb.db, { action: FIX_EXPIRY_ACTION })).toHaveLength(1);
  });
});
