import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../harness/db';
import { bootstrapActor, bootstrapLogin, ensureBootstrapAdmin } from '../../store/auth/bootstrap';
import { loginAccount } from '../../store/auth/users';
import { verifyPassword } from '../../store/auth/password';

let tdb: TestDb;
beforeEach(async () => {
  tdb = await createTestDb();
});
afterEach(async () => tdb.close());

describe('the first admin', () => {
  it('is made once with a generated password that signs in, printed only the first time', async () => {
    const password = await bootstrapLogin(tdb.db);
    expect(password).toMatch(/^[\w-]{24}$/);
    const account = await loginAccount(tdb.db, 'admin');
    expect(account!.actor.role).toBe('admin');
    expect(await verifyPassword(password!, account!.passwordHash)).toBe(true);
    expect(await bootstrapLogin(tdb.db)).toBeNull();
    expect(await tdb.db.user.count()).toBe(1);
  });

  it('takes YZ_ADMIN_PASSWORD, and gives a password to an admin API_TOKEN made without one', async () => {
    await ensureBootstrapAdmin(tdb.db);
    expect((await loginAccount(tdb.db, 'admin'))!.passwordHash).toBeNull();
    expect(await bootstrapLogin(tdb.db, 'from-the-env-1')).toBe('from-the-env-1');
    const account = await loginAccount(tdb.db, 'admin');
    expect(await verifyPassword('from-the-env-1', account!.passwordHash)).toBe(true);
  });

  it('stops acting for API_TOKEN once disabled', async () => {
    await bootstrapLogin(tdb.db);
    expect(await bootstrapActor(tdb.db)).toMatchObject({ username: 'admin' });
    await tdb.db.user.updateMany({ data: { disabled: true } });
    expect(await bootstrapActor(tdb.db)).toBeNull();
  });
});
