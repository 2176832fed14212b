import { test as base } from '@playwright/test';
import { signInByApi, USERS } from './auth';
import { OwnServer } from './server';

/**
 * A test that changes data (renames a project, creates tokens or Kafka
 * users, files requests) gets a server and database of its own, seeded like
 * the shared one, so that no other test sees its changes and nothing needs
 * to be put back. `own.url` is its address; the page is signed in there as the
 * user `signInAs` names (the organisation admin unless the test sets it).
 */
export const test = base.extend<{ signInAs: string; own: { url: string } }>({
  signInAs: [USERS.admin.email, { option: true }],
  storageState: { cookies: [], origins: [] },
  own: async ({ page, signInAs }, use) => {
    const server = new OwnServer();
    try {
      await server.start();
      await signInByApi(page.request, signInAs, server.url);
      await use({ url: server.url });
    } finally {
      await server.dispose();
    }
  },
});

export { expect } from '@playwright/test';
