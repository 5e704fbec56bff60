// Vitest globalSetup of the `stack` project: one stack for the whole run, shared with the test
// workers through provide/inject (see stack.ts), and the built app served against it for the
// browser tests (skipped with E2E=0, e.g. for the native-PostgreSQL pass of test/db).
import type { TestProject } from 'vitest/node'
import type { Stack } from '../../supabase/local/stack.ts'
import { startTestStack, TEST_PORT_BASE } from './stack.ts'
import { buildAndServeApp, type AppServer } from './app-server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { SUPABASE_URL: url, SUPABASE_ANON_KEY: anonKey, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } = process.env
  let stack: Stack | null = null
  if (url && anonKey && serviceRoleKey) {
    console.log(`[test stack] using ${url} (SUPABASE_URL): no local stack`)
    project.provide('stack', { url, anonKey, serviceRoleKey })
  } else {
    stack = await startTestStack()
    project.provide('stack', { url: stack.url, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey })
  }
  let app: AppServer | null = null
  if (process.env.E2E !== '0') {
    app = await buildAndServeApp({
      supabaseUrl: url && anonKey ? url : stack!.url,
      anonKey: url && anonKey ? anonKey : stack!.anonKey,
      port: TEST_PORT_BASE + 50,
    })
    project.provide('appUrl', app.url)
  }
  return async () => {
    await app?.stop()
    await stack?.stop()
  }
}
