// What a holder pid is: command, argv, parent, user. Kept across scans while the pid's start time (stat
// field 22) is unchanged, so a refresh re-reads only /proc/<pid>/stat of a holder it has seen before.
// (An exec keeps pid and start time: a holder that exec'd since its last scan shows its former argv.)
import { parseCmdline, parseStat } from './holderParse';
import { readSmall } from './procFiles';

export interface ProcInfo {
  command: string;
  cmdline: string[];
  ppid?: number;
  uid?: number;
}

const known = new Map<number, { startTicks: string; info: ProcInfo }>();
/** Bounds the cache: holders are few; a long-running editor must not keep every pid it ever saw. */
const MAX_KNOWN = 512;

export function procInfo(pid: number): ProcInfo {
  const stat = readSmall(`/proc/${pid}/stat`);
  const parsed = stat ? parseStat(stat) : undefined;
  const cached = known.get(pid);
  if (cached && parsed?.startTicks && cached.startTicks === parsed.startTicks) return cached.info;
  const cmd = readSmall(`/proc/${pid}/cmdline`);
  const comm = readSmall(`/proc/${pid}/comm`);
  const status = readSmall(`/proc/${pid}/status`);
  const cmdline = parseCmdline(cmd ?? '');
  const uidLine = /^Uid:\s+(\d+)/m.exec(status ?? '');
  const info: ProcInfo = {
    command: comm?.trim() || (cmdline[0]?.split('/').pop() ?? '?'),
    cmdline,
    ppid: parsed?.ppid,
    uid: uidLine ? Number(uidLine[1]) : undefined,
  };
  // Only a complete read is worth keeping (a pid that vanished mid-read is not).
  if (parsed?.startTicks && cmd !== undefined && status !== undefined) {
    if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value!);
    known.set(pid, { startTicks: parsed.startTicks, info });
  }
  return info;
}
