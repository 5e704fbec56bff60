// `npm test` runs this first: the browser tests need Debian's Chromium and the parity tests
// PostgreSQL 15 + PostGIS + pgTAP. On a fresh Debian machine as root we install them (so the README's
// one test command is enough); otherwise we say exactly what is missing and how to get it.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const needs: { what: string; present: () => boolean; packages: string[] }[] = [
  { what: 'Chromium (browser tests)', present: () => existsSync('/usr/bin/chromium'), packages: ['chromium'] },
  {
    what: 'PostgreSQL 15 + PostGIS + pgTAP (native parity tests)',
    present: () =>
      existsSync('/usr/lib/postgresql/15/bin/initdb') &&
      existsSync('/usr/share/postgresql/15/extension/postgis.control') &&
      existsSync('/usr/share/postgresql/15/extension/pgtap.control'),
    packages: ['postgresql-15', 'postgresql-15-postgis-3', 'postgresql-15-pgtap'],
  },
  {
    what: 'pg_cron for PostgreSQL 15 (the scheduled background jobs, native pass)',
    present: () => existsSync('/usr/lib/postgresql/15/lib/pg_cron.so'),
    packages: ['postgresql-15-cron'],
  },
  {
    what: 'CJK fonts (Chinese labels in screenshots)',
    present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
    packages: ['fonts-noto-cjk'],
  },
]

const missing = needs.filter((n) => !n.present())
if (missing.length > 0) {
  const packages = missing.flatMap((m) => m.packages)
  const isRoot = process.getuid?.() === 0
  const hasApt = existsSync('/usr/bin/apt-get')
  if (isRoot && hasApt && process.env.SKIP_SYSTEM_INSTALL !== '1') {
    console.log(`[setup] installing ${packages.join(' ')} for: ${missing.map((m) => m.what).join('; ')}`)
    execSync('apt-get update -qq', { stdio: 'inherit' })
    execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`, { stdio: 'inherit' })
  } else {
    console.error(`[setup] missing: ${missing.map((m) => m.what).join('; ')}`)
    console.error(`[setup] install with: sudo apt-get install ${packages.join(' ')}`)
    process.exit(1)
  }
}
