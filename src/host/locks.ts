// Cross-process locks: one file per name under the user's cache folder, created exclusively, holding the pid, the
// start time and the command of its holder. The CLI and the editor share them, so a stack worker or a port is
// worked on by one process at a time. A lock whose holder is gone (a dead pid, or a reused pid with another start
// time) is reclaimed; a held one makes the caller wait with a message naming the holder, or fail at once.
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseStat } from './holderParse';

export interface LockOwner {
  pid: number;
  /** /proc start time of the holder (Linux), so a reused pid is not mistaken for it. */
  startTicks?: string;
  /** The holder's command line, for the message a waiting caller shows. */
  command: string;
  /** What it is doing: "berth up", "berth run", "Start Stack" … */
  what: string;
  since: string;
  /** The kind of work, when the lock is a service's ("start", "stop", "clean", "run"): worded for waiters. */
  action?: string;
  /** The stack run (berth.run label) it works on: what a crash of the holder left half-made. */
  run?: string;
}

export interface Lock {
  name: string;
  path: string;
  owner: LockOwner;
  /** Removes the lock file if it is still this lock's (idempotent). */
  release(): Promise<void>;
  /** The holder of a stale lock this one replaced: a process that died holding it (kill -9, a crash). */
  reclaimed?: LockOwner;
}

export class LockBusyError extends Error {
  override name = 'LockBusyError';
  constructor(
    readonly lockName: string,
    readonly holder: LockOwner,
    message: string,
  ) {
    super(message);
  }
}

export interface LockOptions {
  /** The folder of the lock files; default: `locks` in the user's cache folder (see cacheDir). */
  dir?: string;
  what: string;
  action?: string;
  run?: string;
  /** Wait for a held lock (default true); false fails at once with LockBusyError. */
  wait?: boolean;
  /** Called once when the lock is found held and the caller starts waiting. */
  onWait?: (holder: LockOwner) => void;
  signal?: AbortSignal;
  /**
   * The process the lock belongs to, when not this one: `berth env --lease` leaves its lease to the caller that
   * ran it, so the lease lasts as long as that caller does. Such a lock is not removed when this process exits.
   */
  forPid?: number;
}

/** Berth's folder in the user's cache: $XDG_CACHE_HOME/berth (~/.cache/berth), macOS ~/Library/Caches/berth, Windows %LOCALAPPDATA%\berth. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'berth');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'berth');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth');
}

export function defaultLockDir(): string {
  return join(cacheDir(), 'locks');
}

/** A lock name as a file name: anything outside [A-Za-z0-9_.-] becomes '_'. */
export function lockFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`;
}

async function startTicksOf(pid: number): Promise<string | undefined> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8')).startTicks;
  } catch {
    return undefined;
  }
}

let self: Promise<Omit<LockOwner, 'what' | 'since'>> | undefined;
function selfOwner(): Promise<Omit<LockOwner, 'what' | 'since'>> {
  self ??= startTicksOf(process.pid).then((startTicks) => ({
    pid: process.pid,
    ...(startTicks ? { startTicks } : {}),
    command: [process.argv0, ...process.argv.slice(1)].join(' '),
  }));
  return self;
}

async function ownerOf(pid: number): Promise<Omit<LockOwner, 'what' | 'since'>> {
  if (pid === process.pid) return selfOwner();
  const [startTicks, cmdline] = await Promise.all([
    startTicksOf(pid),
    readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
  ]);
  return { pid, ...(startTicks ? { startTicks } : {}), command: cmdline.split('\0').join(' ').trim() || `pid ${pid}` };
}

/** True while the holder's process runs: the pid answers and, where /proc tells, with the same start time. */
export async function holderAlive(owner: LockOwner): Promise<boolean> {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!owner.startTicks) return true;
  const now = await startTicksOf(owner.pid);
  return now === undefined || now === owner.startTicks;
}

/** What the lock file says; one that does not parse (a truncated disk write) counts as stale. */
async function readOwner(path: string): Promise<LockOwner | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return Number.isInteger(o?.pid) && o.pid > 0 ? o : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

// Locks this process holds, removed on exit even when nobody calls release (an exception, process.exit).
const held = new Map<string, string>();
process.on('exit', () => {
  for (const [path, text] of held) {
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone
    }
  }
});

/** Takes the lock if free (or stale), else says who holds it. Never waits. */
export async function tryLock(
  name: string,
  opts: Omit<LockOptions, 'wait' | 'onWait' | 'signal'>,
): Promise<Lock | LockOwner> {
  const dir = opts.dir ?? defaultLockDir();
  await mkdir(dir, { recursive: true });
  const path = join(dir, lockFileName(name));
  const mine = opts.forPid === undefined || opts.forPid === process.pid;
  const owner: LockOwner = {
    ...(await (mine ? selfOwner() : ownerOf(opts.forPid!))),
    what: opts.what,
    since: new Date().toISOString(),
    ...(opts.action ? { action: opts.action } : {}),
    ...(opts.run ? { run: opts.run } : {}),
  };
  const text = JSON.stringify(owner) + '\n';
  // Written aside, then linked into place: the link fails if the lock exists, and a lock never appears half-written.
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, text);
  let reclaimed: LockOwner | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, path);
        if (mine) held.set(path, text);
        return { name, path, owner, release: () => releaseFile(path, text), ...(reclaimed ? { reclaimed } : {}) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const current = await readOwner(path);
      if (current === 'gone') continue;
      if (current !== 'unreadable' && (await holderAlive(current))) {
        // The same caller asking again for its own lease (`berth env --lease` run twice by one test process).
        if (!mine && current.pid === owner.pid && current.startTicks === owner.startTicks)
          return { name, path, owner: current, release: () => releaseFile(path, JSON.stringify(current) + '\n') };
        return current;
      }
      if (current !== 'unreadable') reclaimed = current;
      await reclaim(path, current);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  throw new Error(`cannot take lock ${path}: it keeps changing hands`);
}

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes a stale lock file. Two callers may both find it stale: a guard directory lets one of them re-read and
 * remove it, so nobody removes the fresh lock the other has just made. A guard left by a crash expires.
 */
async function reclaim(path: string, seen: LockOwner | 'unreadable'): Promise<void> {
  const guard = `${path}.reclaim`;
  try {
    await mkdir(guard);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (Date.now() - (await mtime(guard)) > 10_000) await rmdir(guard).catch(() => undefined);
    await sleep(20);
    return;
  }
  try {
    const again = await readOwner(path);
    const same =
      again === 'unreadable'
        ? seen === 'unreadable'
        : again !== 'gone' && seen !== 'unreadable' && sameOwner(again, seen);
    if (same) await unlink(path).catch(() => undefined);
  } finally {
    await rmdir(guard).catch(() => undefined);
  }
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.startTicks === b.startTicks && a.since === b.since;
}

async function releaseFile(path: string, text: string): Promise<void> {
  held.delete(path);
  try {
    if ((await readFile(path, 'utf8')) === text) await unlink(path);
  } catch {
    // already gone (reclaimed by someone who thought us dead, or removed by hand)
  }
}

/** Who holds the lock now, alive or not (a dead holder: a crash left it); undefined when nobody does. */
export async function peekLock(
  name: string,
  dir = defaultLockDir(),
): Promise<{ owner: LockOwner; alive: boolean } | undefined> {
  const owner = await readOwner(join(dir, lockFileName(name)));
  if (owner === 'gone' || owner === 'unreadable') return undefined;
  return { owner, alive: await holderAlive(owner) };
}

/** `<name> is held by pid 4242 (berth up) since 10:02:03` — what a waiting or refused caller is told. */
export function describeLockHolder(label: string, holder: LockOwner): string {
  const since = holder.since ? ` since ${holder.since.slice(11, 19)}` : '';
  return `${label} is held by pid ${holder.pid} (${holder.what})${since}`;
}

/** Takes the lock, waiting while a live process holds it (polled: file watches are not reliable across systems). */
export async function acquireLock(name: string, opts: LockOptions): Promise<Lock> {
  let told = false;
  for (;;) {
    opts.signal?.throwIfAborted();
    const got = await tryLock(name, opts);
    if ('release' in got) return got;
    if (opts.wait === false) throw new LockBusyError(name, got, describeLockHolder(name, got));
    if (!told) opts.onWait?.(got);
    told = true;
    await sleep(150, undefined, { signal: opts.signal });
  }
}
