// Child processes that must never outlive the stack.
//
// Two layers: on Linux the child is started through `setpriv --pdeathsig KILL`, so the kernel
// kills it even when this process dies by SIGKILL or a crash; and a synchronous 'exit' handler
// kills whatever is still registered when Node exits normally or through process.exit().
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { existsSync } from 'node:fs'

const SETPRIV = '/usr/bin/setpriv'
const live = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL')
      } catch {
        // already gone
      }
    }
  })
}

/** Whether `setpriv` can tie a child's life to ours (util-linux on Linux). */
export const canUsePdeathsig = process.platform === 'linux' && existsSync(SETPRIV)

/** spawn() whose child dies with this process. `setpriv` execs the command in place, so the
 * returned pid is the command's own (signals reach it directly). Extra setpriv options (for
 * example dropping root privileges) go in `setprivArgs`. */
export function spawnTied(command: string, args: string[], options: SpawnOptions & { setprivArgs?: string[] } = {}): ChildProcess {
  const { setprivArgs = [], ...rest } = options
  // Own process group: a terminal's Ctrl-C reaches only us, and we stop the child in order
  // (otherwise it exits on the same SIGINT before we are ready, looking like a crash).
  const spawnOptions: SpawnOptions = { detached: process.platform !== 'win32', ...rest }
  const child = canUsePdeathsig
    ? spawn(SETPRIV, [...setprivArgs, '--pdeathsig', 'KILL', '--', command, ...args], spawnOptions)
    : spawn(command, args, spawnOptions)
  live.add(child)
  installExitHook()
  child.once('exit', () => live.delete(child))
  return child
}

/** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
