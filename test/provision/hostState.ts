// What "the host as it was" means for the provisioning test: the files under /etc, the engine daemons running,
// and a host service (redis) answering.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** sha256 of every regular file under dir (symlinks: their target), keyed by path. Unreadable files are skipped. */
export function etcChecksums(dir = '/etc'): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      try {
        const st = lstatSync(p);
        if (st.isSymbolicLink()) out.set(p, `-> ${readlinkSync(p)}`);
        else if (st.isDirectory()) walk(p);
        else if (st.isFile()) out.set(p, createHash('sha256').update(readFileSync(p)).digest('hex'));
      } catch {
        // vanished or unreadable: not ours to judge
      }
    }
  };
  walk(dir);
  return out;
}

/** "pid argv" of every dockerd and `podman system service` process, sorted. */
export function engineDaemons(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    const exe = argv[0]?.split('/').pop();
    const isDockerd = exe === 'dockerd';
    const isPodmanService = exe === 'podman' && argv.includes('system') && argv.includes('service');
    if (isDockerd || isPodmanService) out.push(`${pid} ${argv.join(' ')}`);
  }
  return out.sort();
}

/** True when a redis server on 127.0.0.1:port answers PING with PONG. */
export function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let data = '';
    sock.setTimeout(2000, () => sock.destroy());
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (b) => {
      data += b.toString();
      if (data.includes('\r\n')) {
        sock.end();
        resolve(data.startsWith('+PONG'));
      }
    });
    sock.on('error', () => resolve(false));
    sock.on('close', () => resolve(data.startsWith('+PONG')));
  });
}
