// Vitest globalSetup of the `db` project: one stack for the whole run, shared with the test
// workers through provide/inject (see stack.ts), stopped on teardown.
import type { TestProject } from 'vitest/node';
import type { Stack } from '../../supabase/local/stack.ts';
import { startTestStack } from './stack.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { SUPABASE_URL: url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } = process.env;
  if (url && anonKey && serviceRoleKey) {
    console.log(`[test stack] using ${url} (SUPABASE_URL): no local stack`);
    project.provide('stack', { url, anonKey, serviceRoleKey });
    return async () => {};
  }
  const stack: Stack = await startTestStack();
  project.provide('stack', { url: stack.url, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey });
  return async () => {
    await stack.stop();
  };
}
