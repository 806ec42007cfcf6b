// Where things live: the repository, and the version-keyed cache that scripts/provision/vscode-host.sh fills.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './exec';

/** The current host, and the oldest one package.json's engines.vscode claims (its VS Code is 1.93.1). */
export const CODE_SERVER_VERSION = '4.139.1';
export const OLDEST_CODE_SERVER_VERSION = '4.93.1';
export const repoRoot = resolve(__dirname, '..', '..', '..');

export interface HostTools {
  dir: string;
  /** code-server's version (CODE_SERVER_VERSION or OLDEST_CODE_SERVER_VERSION). */
  version: string;
  /**
   * What turns on VS Code's smoke-test driver, without which newer workbenches ignore the payload's extension
   * tests: `--vscode-option enable-smoke-test-driver` where code-server has that option (4.93 has none, and its
   * workbench honours the payload without it).
   */
  smokeTestArgs: string[];
  /** Folder to put first on PATH: Node 24, which code-server requires. */
  binDir: string;
  codeServer: string;
  /** Folder whose node_modules holds playwright-core. */
  playwrightRoot: string;
  chromium: string;
}

function cacheDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_VSCODE_HOST && version === CODE_SERVER_VERSION) return env.BERTH_VSCODE_HOST;
  const root = env.BERTH_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth');
  return join(root, `vscode-host-${version}`);
}

function toolsAt(dir: string, version: string): HostTools {
  const cli = join(dir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'cli.js');
  const hasVscodeOption = existsSync(cli) && readFileSync(cli, 'utf8').includes('"vscode-option"');
  return {
    dir,
    version,
    smokeTestArgs: hasVscodeOption ? ['--vscode-option', 'enable-smoke-test-driver'] : [],
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

/** The cached host of that version; runs the (idempotent) provisioning script first when the cache is not complete. */
export async function ensureHostTools(version = CODE_SERVER_VERSION): Promise<HostTools> {
  const dir = cacheDir(version);
  if (!ready(dir) || !existsSync('/usr/bin/chromium')) {
    const r = await run('bash', [join(repoRoot, 'scripts', 'provision', 'vscode-host.sh')], { inherit: true });
    if (r.exitCode !== 0) throw new Error(`scripts/provision/vscode-host.sh failed (exit ${r.exitCode ?? r.signal})`);
  }
  const tools = toolsAt(dir, version);
  for (const [what, p] of [
    [`code-server ${version}`, tools.codeServer],
    ['chromium', tools.chromium],
    ['its node', join(tools.binDir, 'node')],
  ]) {
    if (!existsSync(p))
      throw new Error(`${what} not found at ${p} after provisioning (scripts/provision/vscode-host.sh)`);
  }
  return tools;
}
