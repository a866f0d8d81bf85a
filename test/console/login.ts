/**
 * Signing a browser in for a console test: through the login page (what a coordinator does), or
 * straight through POST /auth/login on the browser context (its cookie jar keeps the session) when
 * the login itself is not what the test is about.
 */
import type { BrowserContext, Page } from 'playwright-core';

export async function logInThroughPage(
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await page.goto('/console/');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: /登录 \/ Log in/ }).click();
}

export async function signIn(
  context: BrowserContext,
  username: string,
  password: string,
): Promise<void> {
  const res = await context.request.post('/auth/login', { data: { username, password } });
  if (!res.ok())
    throw new Error(`sign-in of ${username} failed: ${res.status()} ${await res.text()}`);
}
