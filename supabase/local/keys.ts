// The well-known credentials of Supabase's local development setup (`supabase start` prints the
// same ones), so the app can point at the embedded stack or at the Docker one unchanged.
// They are public on purpose: never use them for anything reachable from the internet.

/** HS256 secret the local PostgREST and the local auth routes share. */
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'

/** `{ iss: 'supabase-demo', role: 'anon', exp: 1983812996 }` signed with JWT_SECRET. */
export const ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

/** `{ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }`: bypasses RLS. Server side only. */
export const SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'

/** The secret as jose wants it. */
export const jwtSecretKey = (): Uint8Array => new TextEncoder().encode(JWT_SECRET)

/** Supabase CLI's local ports: API gateway 54321, database 54322; PostgREST stays internal. */
export const DEFAULT_PORTS = { gateway: 54321, db: 54322, postgrest: 54331 } as const
export type StackPorts = { gateway: number; db: number; postgrest: number }
