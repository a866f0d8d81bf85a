/** A signed-in account other than the first admin: a user of `role` and a token for it. */
import type { Db } from '../../store/db';
import { createUser } from '../../store/auth/users';
import { createToken } from '../../store/auth/tokens';
import type { Role } from '../../client/operations/actor';

export async function accountToken(
  db: Db,
  username: string,
  role: Role,
): Promise<{ token: string; headers: { authorization: string } }> {
  const user = await createUser(db, { username, role });
  const { token } = await createToken(db, user.userId, 'test');
  return { token, headers: { authorization: `Bearer ${token}` } };
}
