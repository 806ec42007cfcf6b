// Where things live: the repository, and the version-keyed cache that scripts/provision/vscode-host.sh fills.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './exec';

export const CODE_SERVER_VERSION = '4.139.1';
export const repoRoot = resolve(__dirname, '..', '..', '..');

export interface HostTools {
  dir: string;
  /** Folder to put first on PATH: Node 24, which code-server requires. */
  binDir: string;
  codeServer: string;
  /** Folder whose node_modules holds playwright-core. */
  playwrightRoot: string;
  chromium: string;
}

function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_VSCODE_HOST) return env.BERTH_VSCODE_HOST;
  const root = env.BERTH_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth');
  return join(root, `vscode-host-${CODE_SERVER_VERSION}`);
}

function toolsAt(dir: string): HostTools {
  return {
    dir,
    binDir: join(dir, 'bin'),
    codeServer: join(dir, 'cs', 'node_modules', '.bin', 'code-server'),
    playwrightRoot: join(dir, 'cs'),
    chromium: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
  };
}

function ready(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => f.startsWith('.complete-'));
  } catch {
    return false;
  }
}

/** The cached host; runs the (idempotent) provisioning script first when the cache is not complete. */
export async function ensureHostTools(): Promise<HostTools> {
  const dir = cacheDir();
  if (!ready(dir) || !existsSync('/usr/bin/chromium')) {
    const r = await run('bash', [join(repoRoot, 'scripts', 'provision', 'vscode-host.sh')], { inherit: true });
    if (r.exitCode !== 0) throw new Error(`scripts/provision/vscode-host.sh failed (exit ${r.exitCode ?? r.signal})`);
  }
  const tools = toolsAt(dir);
  for (const [what, p] of [
    ['code-server', tools.codeServer],
    ['chromium', tools.chromium],
    ['node 24', join(tools.binDir, 'node')],
  ]) {
    if (!existsSync(p))
      throw new Error(`${what} not found at ${p} after provisioning (scripts/provision/vscode-host.sh)`);
  }
  return tools;
}
