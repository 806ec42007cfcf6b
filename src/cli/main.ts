// `berth <command> [args]`: dispatches to src/cli/<command>.ts, each exporting run(args, io) → exit code.
import { run as check } from './check';
import { run as env } from './env';
import type { CliIo, CommandRun } from './io';
import { berthVersion } from './version';

// The engine commands pull in dockerode and friends. esbuild still bundles these modules, but a
// dynamic import defers evaluating them, so `berth check` in CI does not pay for loading them.
// (A dynamic import is an ECMAScript import even in CommonJS, so TypeScript wants the .js suffix.)
const lazy =
  (load: () => Promise<{ run: CommandRun }>): CommandRun =>
  async (args, io) =>
    (await load()).run(args, io);
const status = lazy(() => import('./status.js'));
const up = lazy(() => import('./up.js'));
const down = lazy(() => import('./down.js'));
const clean = lazy(() => import('./clean.js'));
const init = lazy(() => import('./init.js'));
const runCmd = lazy(() => import('./run.js'));
const lsp = lazy(() => import('./lsp.js'));
const exportCmd = lazy(() => import('./export.js'));

const COMMANDS: Record<string, { run: CommandRun; summary: string }> = {
  check: { run: check, summary: "check berth.yaml and the services' config files for port conflicts" },
  status: { run: status, summary: "show each service's ports, holders and containers" },
  up: { run: up, summary: "start a service's stack, health-gated, in dependency order" },
  down: { run: down, summary: "stop a service's stack in reverse order" },
  clean: { run: clean, summary: "plan and clean stale holders of one service's ports" },
  run: { run: runCmd, summary: 'bring the stack up, run a command with its BERTH_* ports, take the stack down' },
  env: { run: env, summary: "print a service's ports (one worker's) as BERTH_* environment variables" },
  init: { run: init, summary: 'propose a berth.yaml from this repository and its allocation documents' },
  export: { run: exportCmd, summary: "write a service's stack as Kubernetes manifests (and a kind cluster config)" },
  lsp: { run: lsp, summary: 'run the language server on stdin/stdout (for Neovim, Helix and other LSP clients)' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: berth <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nberth <command> --help shows a command's options; berth --version prints the version.\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`berth ${berthVersion()}\n`);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.stderr.write(`berth: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  return cmd.run(rest, io);
}

// `berth check | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
}).then(
  (code) => exit(code),
  (e: unknown) => {
    process.stderr.write(`berth: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    exit(2);
  },
);

/** Exits once stdout has drained (a plain process.exit can cut piped output short). */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}
