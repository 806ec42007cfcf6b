// Peak resident memory of the VS Code host (code-server's process group: server, file watcher, extension
// host, language server) and of the browser (our descendants named chrom*), sampled from /proc.
import { readFileSync, readdirSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  rssKb: number;
  comm: string;
}

function readProcs(): Proc[] {
  const out: Proc[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp ... (rss is field 24, in pages).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out.push({ pid: Number(e), ppid: Number(f[1]), pgid: Number(f[2]), rssKb: Number(f[21]) * 4, comm });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

export interface MemoryPeaks {
  hostMb: number;
  browserMb: number;
}

export class MemorySampler {
  private timer?: NodeJS.Timeout;
  private peaks = { host: 0, browser: 0 };

  /** hostPgid: code-server's process group. */
  start(hostPgid: () => number | undefined, intervalMs = 500): this {
    const sample = () => {
      const procs = readProcs();
      const children = new Map<number, Proc[]>();
      for (const p of procs) {
        const list = children.get(p.ppid) ?? [];
        list.push(p);
        children.set(p.ppid, list);
      }
      const pg = hostPgid();
      let host = 0;
      let browser = 0;
      for (const p of procs) if (pg !== undefined && p.pgid === pg) host += p.rssKb;
      const stack = [...(children.get(process.pid) ?? [])];
      while (stack.length) {
        const p = stack.pop()!;
        if (p.pgid !== pg && /chrom/i.test(p.comm)) browser += p.rssKb;
        stack.push(...(children.get(p.pid) ?? []));
      }
      this.peaks.host = Math.max(this.peaks.host, host);
      this.peaks.browser = Math.max(this.peaks.browser, browser);
    };
    sample();
    this.timer = setInterval(sample, intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): MemoryPeaks {
    if (this.timer) clearInterval(this.timer);
    return { hostMb: Math.round(this.peaks.host / 1024), browserMb: Math.round(this.peaks.browser / 1024) };
  }
}
