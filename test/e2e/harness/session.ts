// One e2e session: the packaged .vsix installed into a fresh code-server on a temp copy of examples/demo.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startCodeServer, type CodeServer } from './codeServer';
import { LEDGER, ledgerYaml } from './ledger';
import { run } from './exec';
import { CODE_SERVER_VERSION, ensureHostTools, repoRoot, type HostTools } from './paths';

export interface Vsix {
  path: string;
  bytes: number;
  files: string[];
}

/** `npm run package` into a temp file: the same production bundles and .vscodeignore users get. */
export async function buildVsix(outDir: string): Promise<Vsix> {
  const path = join(outDir, 'berth.vsix');
  const r = await run(process.execPath, [join(repoRoot, 'scripts', 'package.mjs'), '--out', path], {
    cwd: repoRoot,
    timeoutMs: 300_000,
  });
  if (r.exitCode !== 0)
    throw new Error(`scripts/package.mjs failed (exit ${r.exitCode ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  const list = await run('unzip', ['-Z1', path]);
  return { path, bytes: statSync(path).size, files: list.stdout.split('\n').filter(Boolean) };
}

/** A temp copy of examples/demo whose workspace settings point Berth at one engine. */
export function prepareWorkspace(parent: string, settings: Record<string, unknown>): string {
  const src = join(repoRoot, 'examples', 'demo');
  if (!existsSync(join(src, 'berth.yaml'))) throw new Error(`examples/demo/berth.yaml is missing (${src})`);
  const ws = join(parent, 'demo');
  cpSync(src, ws, { recursive: true });
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  const file = join(ws, '.vscode', 'settings.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...existing, ...settings }, null, 2));
  return ws;
}

/**
 * A multi-root workspace: a copy of examples/demo and a second small folder (ledger.ts), each with its berth.yaml,
 * opened through a .code-workspace file whose settings point Berth at one engine. Returns the file's path.
 */
export function prepareMultiRoot(parent: string, settings: Record<string, unknown>): string {
  prepareWorkspace(parent, settings);
  const second = join(parent, LEDGER.folder);
  mkdirSync(second, { recursive: true });
  writeFileSync(join(second, 'berth.yaml'), ledgerYaml);
  const file = join(parent, 'multi.code-workspace');
  writeFileSync(
    file,
    JSON.stringify(
      {
        folders: [
          { path: 'demo', name: 'demo' },
          { path: LEDGER.folder, name: LEDGER.folder },
        ],
        settings,
      },
      null,
      2,
    ),
  );
  return file;
}

function walk(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    try {
      out = statSync(p).isDirectory() ? out.concat(walk(p)) : out.concat(p);
    } catch {
      /* vanished */
    }
  }
  return out;
}

/** The last lines of the extension host's logs, Berth's output channel and code-server's own log. */
export function hostLogTail(cs: CodeServer, lines = 60): string {
  const files = walk(join(cs.userDataDir, 'logs'))
    .filter((f) => /exthost|Berth|berth/i.test(relative(cs.userDataDir, f)) && f.endsWith('.log'))
    .concat(cs.logFile);
  return files
    .map((f) => {
      const text = readFileSync(f, 'utf8').trimEnd().split('\n');
      return `--- ${relative(cs.stateDir, f)} (last ${Math.min(lines, text.length)} of ${text.length} lines)\n${text.slice(-lines).join('\n')}`;
    })
    .join('\n');
}

/**
 * The workbench runs extension tests only in extension-development mode, so the payload names a development
 * folder: this empty driver extension (its own id, no code). Berth itself stays the installed .vsix.
 */
interface Pkg {
  engines: { vscode: string };
}

export function writeDriverExtension(parent: string): string {
  const dir = join(parent, 'e2e-driver');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'berth-e2e-driver',
      publisher: 'berth-dev',
      version: '0.0.0',
      // Berth's own claim, so the driver loads in every host Berth does.
      engines: { vscode: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Pkg).engines.vscode },
    }),
  );
  return dir;
}

export interface Session {
  tools: HostTools;
  dir: string;
  vsix: Vsix;
  /** The folder opened (examples/demo's copy), or the .code-workspace file of a multi-root session. */
  workspace: string;
  /** The folders with a berth.yaml: the demo copy, and in a multi-root session the ledger folder after it. */
  folders: string[];
  /** Development folder that switches the host into test mode (see writeDriverExtension). */
  driver: string;
  cs: CodeServer;
  close(): Promise<void>;
}

export async function openSession(opts: {
  engineHost: string;
  trust?: boolean;
  env?: NodeJS.ProcessEnv;
  vsix?: Vsix;
  /** code-server's version (default: the current one). */
  codeServer?: string;
  /** Open the two folders of prepareMultiRoot instead of the demo alone. */
  multiRoot?: boolean;
}): Promise<Session> {
  const tools = await ensureHostTools(opts.codeServer ?? CODE_SERVER_VERSION);
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-session-'));
  try {
    const vsix = opts.vsix ?? (await buildVsix(dir));
    // A short log tail: xterm puts only the rows in view into the page, where the UI suites read the terminal.
    const settings = { 'berth.engine.host': opts.engineHost, 'berth.logs.tail': 5 };
    const workspace = opts.multiRoot ? prepareMultiRoot(dir, settings) : prepareWorkspace(dir, settings);
    const folders = opts.multiRoot ? [join(dir, 'demo'), join(dir, LEDGER.folder)] : [workspace];
    const cs = await startCodeServer(tools, {
      workspace,
      vsix: [vsix.path],
      trust: opts.trust,
      env: opts.env,
      stateDir: join(dir, 'host'),
    });
    const driver = writeDriverExtension(dir);
    return {
      tools,
      dir,
      vsix,
      workspace,
      folders,
      driver,
      cs,
      close: async () => {
        await cs.stop();
        if (!process.env.BERTH_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
