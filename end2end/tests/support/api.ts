import { APIRequestContext, expect, Page } from '@playwright/test';

/** The header every state-changing request of the console carries. */
export const CONSOLE_HEADERS = { 'x-console-request': '1' } as const;

/** Sends a state-changing request as the console does, and checks it worked. */
export async function send(
  request: APIRequestContext,
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  data?: unknown,
  status = method === 'POST' ? [200, 201] : [200, 204],
) {
  const res = await request.fetch(url, { method, headers: CONSOLE_HEADERS, data });
  expect(status, `${method} ${url}: ${res.status()} ${await res.text()}`).toContain(res.status());
  return res;
}

/**
 * How many projects the signed-in user's list holds, as the API says;
 * `filter` narrows it (`state=UNAVAILABLE`).
 */
export async function projectTotal(request: APIRequestContext, base = '', filter = ''): Promise<number> {
  const res = await request.get(`${base}/api/projects?page_size=1${filter ? `&${filter}` : ''}`);
  expect(res.status()).toBe(200);
  return (await res.json()).total;
}

/** The localStorage key of the signed-in user's last project. */
export async function lastProjectKey(page: Page, base = ''): Promise<string> {
  const res = await page.request.get(`${base}/api/auth/me`);
  expect(res.status()).toBe(200);
  const me = await res.json();
  return `tributary.${me.user.id}.last-project`;
}

/** Writes `value` under `key` in the page's localStorage. */
export async function store(page: Page, key: string, value: string): Promise<void> {
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value]);
}

/** What the page's localStorage holds under `key`. */
export async function stored(page: Page, key: string): Promise<string | null> {
  return page.evaluate((key) => localStorage.getItem(key), key);
}
