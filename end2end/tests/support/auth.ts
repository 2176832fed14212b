import { CONSOLE_HEADERS } from './api';
import { PORT } from './port';
import { APIRequestContext, expect, Page } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

/** The password of every demo user. */
export const DEMO_PASSWORD = 'tributary-demo';

/** The demo users the server seeds. */
export const USERS = {
  admin: { email: 'admin@example.com', name: 'Avery Admin' },
  dataAdmin: { email: 'data-admin@example.com', name: 'Dana Data' },
  readOnly: { email: 'read-only@example.com', name: 'Riley Reader' },
  developer: { email: 'developer@example.com', name: 'Devon Developer' },
  support: { email: 'support@example.com', name: 'Sam Support' },
} as const;


/** Where the setup project keeps the admin's signed-in browser state. */
export const ADMIN_STATE = path.join(os.tmpdir(), `console-e2e-${PORT}-admin.json`);

/**
 * Signs in as `email` through the API, as the sign-in form does; the
 * session cookie lands in the requester's cookie jar (a page's context).
 */
export async function signInByApi(request: APIRequestContext, email: string, base = ''): Promise<void> {
  const res = await request.post(`${base}/api/auth/login`, {
    headers: CONSOLE_HEADERS,
    data: { email, password: DEMO_PASSWORD },
  });
  expect(res.status(), `signing in as ${email}`).toBe(200);
}

/** Signs in with the form on the sign-in page the browser shows now. */
export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
