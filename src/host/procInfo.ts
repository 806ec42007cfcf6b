// What a holder pid is: command, argv, parent, user. Kept across scans while the pid's start time (stat
// field 22) and command name (field 2) are unchanged, so a refresh re-reads only /proc/<pid>/stat of a holder it
// has seen before. An exec keeps pid and start time but sets a new command name, so the argv is read again; only an
// exec of a program with the same name (node → node) keeps showing the former argv.
import { parseCmdline, parseStat, statComm } from './holderParse';
import { readSmall } from './procFiles';

export interface ProcInfo {
  command: string;
  cmdline: string[];
  ppid?: number;
  uid?: number;
}

const known = new Map<number, { startTicks: string; comm: string; info: ProcInfo }>();
/** Bounds the cache: holders are few; a long-running editor must not keep every pid it ever saw. */
const MAX_KNOWN = 512;

export function procInfo(pid: number): ProcInfo {
  const stat = readSmall(`/proc/${pid}/stat`);
  const parsed = stat ? parseStat(stat) : undefined;
  const comm = stat ? statComm(stat) : '';
  const cached = known.get(pid);
  // The parent is read fresh: an orphan is reparented without an exec, and "its parent died" is worth telling.
  if (cached && parsed?.startTicks && cached.startTicks === parsed.startTicks && cached.comm === comm)
    return { ...cached.info, ppid: parsed.ppid };
  const cmd = readSmall(`/proc/${pid}/cmdline`);
  const status = readSmall(`/proc/${pid}/status`);
  const cmdline = parseCmdline(cmd ?? '');
  const uidLine = /^Uid:\s+(\d+)/m.exec(status ?? '');
  const info: ProcInfo = {
    command: comm || (cmdline[0]?.split('/').pop() ?? '?'),
    cmdline,
    ppid: parsed?.ppid,
    uid: uidLine ? Number(uidLine[1]) : undefined,
  };
  // Only a complete read is worth keeping (a pid that vanished mid-read is not).
  if (parsed?.startTicks && cmd !== undefined && status !== undefined) {
    if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value!);
    known.set(pid, { startTicks: parsed.startTicks, comm, info });
  }
  return info;
}
