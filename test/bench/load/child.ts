// Starts test/bench/load/serve.ts as a child process and waits for its ready line.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface ServedStack {
  url: string
  anonKey: string
  serviceRoleKey: string
  kind: 'pglite' | 'native'
  pid: number
  stop(): Promise<void>
}

export async function serveStack(db: 'pglite' | 'native', port: number, scale: number, log: (m: string) => void): Promise<ServedStack> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/bench/load/serve.ts', '--db', db, '--port', String(port), '--scale', String(scale)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  const stderr: string[] = []
  createInterface({ input: child.stderr! }).on('line', (l) => {
    stderr.push(l)
    if (stderr.length > 40) stderr.shift()
    if (/ready|loaded|error|Error|refused/i.test(l)) log(`  ${l}`)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = await new Promise<Omit<ServedStack, 'stop'>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) => {
      try {
        resolve(JSON.parse(l))
      } catch {
        reject(new Error(`unexpected line from the stack: ${l}`))
      }
    })
    child.once('exit', (code) => reject(new Error(`the ${db} stack exited (${code}) during start-up:\n${stderr.join('\n')}`)))
  })
  return {
    ...ready,
    async stop() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}
