/**
 * Logging a browser in for a console test. Until the accounts of h2-auth are merged, the bearer
 * token stands in: every request of the context carries it, and /auth/me answers the given user.
 * (Replaced by a real login once POST /auth/login exists.)
 */
import type { BrowserContext } from 'playwright-core';

export interface TestUser {
  username: string;
  displayName: string;
  role: 'admin' | 'district' | 'unit' | 'viewer';
  unitIds: string[];
}

export async function logIn(context: BrowserContext, token: string, user: TestUser): Promise<void> {
  await context.setExtraHTTPHeaders({ authorization: `Bearer ${token}` });
  await context.route('**/auth/me', (route) =>
    route.fulfill({ json: { user: { id: user.username, ...user }, csrfToken: 'interim' } }),
  );
}
