import { test as setup } from '@playwright/test';
import { ADMIN_STATE, signInByApi, USERS } from './support/auth';

// Most tests work as the organisation admin: sign in once, and let every
// test start with that session.
setup('sign in as the organisation admin', async ({ request }) => {
  await signInByApi(request, USERS.admin.email);
  await request.storageState({ path: ADMIN_STATE });
});
