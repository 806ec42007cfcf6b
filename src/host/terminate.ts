// Ending one host process safely: SIGTERM, a grace period, then SIGKILL.
// Refuses PID 1, the caller's own process chain (Berth, its parents up to the editor or shell)
// and any pid the caller protects (the extension passes the editor's process tree).
import { readFile } from 'node:fs/promises';
import { parseCmdline, parseStat } from './holderParse';
import { errorText } from '../core/errorText';

// execa is ESM-only: a dynamic import loads it from CommonJS (tsx, the bundle), only when needed.
const loadExeca = async () => (await import('execa')).execa;

export type TerminateOutcome = 'terminated' | 'killed' | 'already-exited' | 'refused' | 'failed';

export interface TerminateResult {
  pid: number;
  outcome: TerminateOutcome;
  detail: string;
}

export interface TerminateOptions {
  /** Time between SIGTERM and SIGKILL (default 3000 ms). */
  graceMs?: number;
  /** Extra pids never to signal (e.g. the editor's process tree). */
  protectedPids?: Iterable<number>;
  /**
   * What the caller saw when it planned: if the pid now runs something else (pid reuse),
   * the process is left alone. Compared on argv[0] and the first argument.
   */
  expectCmdline?: string[];
}

/** Time to wait for the process to go after SIGKILL. */
const KILL_WAIT_MS = 2000;

interface ProcInfo {
  ppid: number;
  /** Zombies hold no sockets and cannot be signalled away: they count as exited. */
  zombie: boolean;
}

async function procInfo(pid: number): Promise<ProcInfo | undefined> {
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
    const { state, ppid } = parseStat(stat);
    return { ppid: ppid ?? 0, zombie: state === 'Z' || state === 'X' };
  }
  const r = await (await loadExeca())('ps', ['-o', 'ppid=,stat=', '-p', String(pid)], { reject: false });
  const m = /^\s*(\d+)\s+(\S+)/.exec(r.stdout);
  if (r.exitCode !== 0 || !m) return undefined;
  return { ppid: Number(m[1]), zombie: m[2].startsWith('Z') };
}

async function procCmdline(pid: number): Promise<string[] | undefined> {
  if (process.platform === 'linux') {
    try {
      return parseCmdline(await readFile(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return undefined;
    }
  }
  const r = await (await loadExeca())('ps', ['-o', 'command=', '-p', String(pid)], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim().split(/\s+/) : undefined;
}

/** True while the process exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const info = await procInfo(pid);
  return info !== undefined && !info.zombie;
}

/** This process and its ancestors, up to (and including) PID 1. */
export async function ownProcessChain(): Promise<Set<number>> {
  const chain = new Set<number>([1, process.pid]);
  let pid = process.ppid;
  for (let i = 0; i < 64 && pid > 1 && !chain.has(pid); i++) {
    chain.add(pid);
    const info = await procInfo(pid);
    if (!info) break;
    pid = info.ppid;
  }
  return chain;
}

/** A process and all its descendants (for protectedPids: the extension passes the editor's tree). */
export async function processTree(rootPid: number): Promise<Set<number>> {
  const children = new Map<number, number[]>();
  if (process.platform === 'linux') {
    const { readdir } = await import('node:fs/promises');
    const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
    await Promise.all(
      pids.map(async (pid) => {
        const info = await procInfo(pid);
        if (info) children.set(info.ppid, [...(children.get(info.ppid) ?? []), pid]);
      }),
    );
  } else {
    const r = await (await loadExeca())('ps', ['-A', '-o', 'pid=,ppid='], { reject: false });
    for (const line of r.stdout.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)/.exec(line);
      if (m) children.set(Number(m[2]), [...(children.get(Number(m[2])) ?? []), Number(m[1])]);
    }
  }
  const tree = new Set<number>();
  const todo = [rootPid];
  while (todo.length) {
    const pid = todo.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Why a pid must not be signalled, or undefined when it may be. */
export function refusalReason(pid: number, ownChain: Set<number>, protectedPids: Set<number>): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return `invalid pid ${pid}`;
  if (pid === 1) return 'PID 1 (init) is never signalled';
  if (pid === process.pid) return "Berth's own process";
  if (ownChain.has(pid)) return "an ancestor of Berth's process (the editor or shell that runs it)";
  if (protectedPids.has(pid)) return 'protected by the caller (the editor or its helpers)';
  return undefined;
}

function sameProgram(expected: string[], actual: string[]): boolean {
  const base = (s: string | undefined) => (s ?? '').split('/').pop();
  return base(expected[0]) === base(actual[0]) && (expected[1] ?? '') === (actual[1] ?? '');
}

/** Polls until the pid is gone or the deadline passes; steps grow from 5 ms to 100 ms. */
async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  let step = 5;
  for (;;) {
    if (!(await isAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, Math.min(step, Math.max(1, deadline - Date.now()))));
    step = Math.min(step * 2, 100);
  }
}

function signal(pid: number, sig: NodeJS.Signals): 'sent' | 'gone' | string {
  try {
    process.kill(pid, sig);
    return 'sent';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code === 'EPERM')
      return 'permission denied (the process belongs to another user; run Berth with the rights to signal it)';
    return errorText(e);
  }
}

export async function terminateProcess(pid: number, opts: TerminateOptions = {}): Promise<TerminateResult> {
  const graceMs = opts.graceMs ?? 3000;
  const refused = refusalReason(pid, await ownProcessChain(), new Set(opts.protectedPids ?? []));
  if (refused) return { pid, outcome: 'refused', detail: refused };
  if (!(await isAlive(pid))) return { pid, outcome: 'already-exited', detail: 'the process had already exited' };
  if (opts.expectCmdline && opts.expectCmdline.length > 0) {
    const now = await procCmdline(pid);
    if (now && !sameProgram(opts.expectCmdline, now)) {
      return {
        pid,
        outcome: 'refused',
        detail: `pid ${pid} now runs "${now.join(' ')}", not the planned process: left alone`,
      };
    }
  }
  const term = signal(pid, 'SIGTERM');
  if (term === 'gone') return { pid, outcome: 'already-exited', detail: 'the process exited before it was signalled' };
  if (term !== 'sent') return { pid, outcome: 'failed', detail: `SIGTERM failed: ${term}` };
  if (await waitGone(pid, graceMs)) return { pid, outcome: 'terminated', detail: 'exited after SIGTERM' };
  const kill = signal(pid, 'SIGKILL');
  if (kill === 'gone') return { pid, outcome: 'terminated', detail: 'exited after SIGTERM' };
  if (kill !== 'sent') return { pid, outcome: 'failed', detail: `SIGKILL failed: ${kill}` };
  if (await waitGone(pid, KILL_WAIT_MS)) {
    return { pid, outcome: 'killed', detail: `ignored SIGTERM for ${graceMs} ms; killed with SIGKILL` };
  }
  return { pid, outcome: 'failed', detail: 'still alive after SIGKILL (uninterruptible?)' };
}
