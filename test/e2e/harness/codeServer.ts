// Starts code-server (the real VS Code server and its Node extension host) offline, in its own process
// group, with HOME, user data and extensions in a temp dir; stops the whole group.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './exec';
import { portFree } from './listener';
import type { HostTools } from './paths';

/** e2e port block 24500–24999: code-server takes the first free one. */
const PORT_FIRST = 24500;
const PORT_LAST = 24999;

export const userSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  // The DOM renderer: terminal text is then in the page, where the UI suites read it.
  'terminal.integrated.gpuAcceleration': 'off',
};

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  stateDir: string;
  userDataDir: string;
  extensionsDir: string;
  home: string;
  /** code-server's own stdout/stderr. */
  logFile: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface StartOptions {
  workspace: string;
  /** .vsix files installed with `code-server --install-extension` before start. */
  vsix?: string[];
  /** Workspace trust on (the untrusted-workspace run) or off (the main suites). */
  trust?: boolean;
  /** Extra environment for the server (the extension host inherits it). */
  env?: NodeJS.ProcessEnv;
  /** Keep HOME and user data here instead of a fresh temp dir (npm start reuses it). */
  stateDir?: string;
  port?: number;
  /**
   * Sign-in password (code-server `--auth password`, given through $PASSWORD so it is not on the command line).
   * Without one the server runs `--auth none`: only for the test harness, whose server lives in a temp HOME for
   * one run on a loopback port; `npm start` always passes one.
   */
  password?: string;
  /** Stop the group and re-raise when this process gets SIGINT/SIGTERM/SIGHUP (default); npm start handles signals itself. */
  stopOnSignal?: boolean;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function freePort(first = PORT_FIRST, last = PORT_LAST): Promise<number> {
  for (let p = first; p <= last; p++) if (await portFree(p, '127.0.0.1')) return p;
  throw new Error(`no free loopback port in ${first}-${last}`);
}

function hostEnv(tools: HostTools, home: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // The tests' own runner options must not leak into the extension host's Node.
  for (const k of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'TSX_TSCONFIG_PATH', 'VSCODE_IPC_HOOK_CLI']) delete env[k];
  env.PATH = `${tools.binDir}:${process.env.PATH ?? ''}`;
  env.HOME = home;
  env.XDG_CONFIG_HOME = join(home, '.config');
  env.XDG_DATA_HOME = join(home, '.local', 'share');
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

/** `code-server --install-extension x.vsix`, exactly as a user installs a packaged extension. */
export async function installVsix(
  tools: HostTools,
  env: NodeJS.ProcessEnv,
  dirs: { userDataDir: string; extensionsDir: string },
  vsix: string,
): Promise<void> {
  const r = await run(
    tools.codeServer,
    [
      '--user-data-dir',
      dirs.userDataDir,
      '--extensions-dir',
      dirs.extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { env, timeoutMs: 120_000 },
  );
  if (r.exitCode !== 0 || !/successfully installed/i.test(`${r.stdout}\n${r.stderr}`)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  }
}

async function waitHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = `exit ${code ?? sig}`));
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(
        `code-server stopped during start-up (${exited}):\n${readFileSync(logFile, 'utf8').slice(-4000)}`,
      );
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server not healthy within ${timeoutMs} ms:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
}

export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return; // already gone
  }
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export async function startCodeServer(tools: HostTools, opts: StartOptions): Promise<CodeServer> {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const home = join(stateDir, 'home');
  const userDataDir = join(stateDir, 'user-data');
  const extensionsDir = join(stateDir, 'extensions');
  for (const d of [home, join(userDataDir, 'User'), extensionsDir]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...userSettings, 'security.workspace.trust.enabled': !!opts.trust }, null, 2),
  );
  const env = { ...hostEnv(tools, home, opts.env), ...(opts.password ? { PASSWORD: opts.password } : {}) };
  for (const v of opts.vsix ?? []) await installVsix(tools, env, { userDataDir, extensionsDir }, v);

  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(stateDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    '--config',
    join(stateDir, 'config.yaml'),
    '--auth',
    opts.password ? 'password' : 'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...tools.smokeTestArgs,
    ...(opts.trust ? [] : ['--disable-workspace-trust']),
    opts.workspace,
  ];
  // detached: setsid, so the server, its file watcher and extension hosts form one group we can stop together.
  const child = spawn(tools.codeServer, args, { env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const pid = child.pid;
  if (!pid) throw new Error(`could not spawn ${tools.codeServer}`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    for (const sig of SIGNALS) process.removeListener(sig, onSignal);
    killGroup(pid);
    if (!(await waitGroupGone(pid, 5000))) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await waitGroupGone(pid, 2000);
    }
  };
  // Even when the test process dies without running `finally`, do not leave the group behind.
  const onExit = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.once('exit', onExit);
  // A signal ends this process without 'exit' handlers: stop the group, then die of the same signal.
  const onSignal = (sig: NodeJS.Signals) => {
    onExit();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    if (SIGNALS.every((s) => process.listenerCount(s) === 0)) process.kill(process.pid, sig);
  };
  if (opts.stopOnSignal !== false) for (const sig of SIGNALS) process.once(sig, onSignal);
  try {
    await waitHealthy(url, child, logFile, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  child.unref();
  return { url, port, pid, stateDir, userDataDir, extensionsDir, home, logFile, env, stop };
}
