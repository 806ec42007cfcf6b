// `berth init [DIR] [--root DIR] [--from-doc FILE]... [--table TEXT] [--write [--force]] [--format yaml|json]`:
// proposes a berth.yaml from the repository (and allocation documents). The proposal goes to stdout
// (yaml: berth.yaml with `# seen in` comments; json: {berthYaml, notes, check}), the report to stderr.
// --write writes berth.yaml instead (never over an existing one without --force; never partially).
// Exit 0: proposed; 2: bad usage, unusable input (located on stderr) or a refused write.
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InitInputError, runInit, type InitResult } from '../init/runInit';
import { readDocument } from '../init/docRead';
import { reportLines } from '../init/report';
import { BERTH_FILE_NAMES } from '../host/workspaceFiles';
import { parseCommandArgs, resolveRoot, usageFailure, UsageError } from './args';
import { toJsonFinding } from './format';
import type { CliIo } from './io';

export const USAGE =
  'usage: berth init [DIR] [--root DIR] [--from-doc FILE]... [--table TEXT] [--write [--force]] [--format yaml|json]';

export async function run(args: string[], io: CliIo): Promise<number> {
  let root: string;
  let opts;
  try {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        root: { type: 'string' },
        'from-doc': { type: 'string', multiple: true },
        table: { type: 'string' },
        write: { type: 'boolean' },
        force: { type: 'boolean' },
        format: { type: 'string', choices: ['yaml', 'json'] },
        help: { type: 'boolean', short: 'h' },
      },
      { maxPositionals: 1 },
    );
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    if (values.force && !values.write) throw new UsageError('--force only goes with --write');
    root = resolveRoot(values.root, positionals, io.cwd);
    opts = values;
  } catch (e) {
    return usageFailure('init', USAGE, e, io);
  }
  const fail = (lines: string[]) => {
    io.stderr.write(lines.map((l) => `berth init: ${l}\n`).join(''));
    return 2;
  };
  if (!isDirectory(root)) return fail([`${root} is not a directory`]);
  const existing = BERTH_FILE_NAMES.find((n) => exists(join(root, n)));
  if (opts.write && existing && !opts.force)
    return fail([`${join(root, existing)} exists; --force replaces it (or run without --write to see the proposal)`]);

  let result: InitResult;
  try {
    const docs = (opts['from-doc'] ?? []).map((p) => readDocument(io.cwd, root, p));
    result = await runInit({ root, docs, ...(opts.table !== undefined ? { table: opts.table } : {}) });
  } catch (e) {
    if (e instanceof InitInputError) return fail(e.problems);
    throw e;
  }
  const report = reportLines(result)
    .map((l) => (l ? `  ${l}` : ''))
    .join('\n');
  if (opts.write) {
    const target = join(root, existing ?? 'berth.yaml');
    try {
      writeAtomically(target, result.yaml, Boolean(existing));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return fail([
        code === 'EEXIST'
          ? `${target} appeared meanwhile; not replaced`
          : `cannot write ${target}: ${code ?? String(e)}`,
      ]);
    }
    io.stderr.write(`berth init: wrote ${target}\n${report}\n`);
    return 0;
  }
  if (opts.format === 'json') {
    const { proposal } = result;
    io.stdout.write(
      JSON.stringify(
        { berthYaml: result.data, notes: proposal.notes, check: result.findings.map(toJsonFinding) },
        null,
        2,
      ) + '\n',
    );
  } else io.stdout.write(result.yaml);
  io.stderr.write(`berth init: proposal for ${root}\n${report}\n`);
  return 0;
}

/**
 * Temp file beside the target, flushed, then moved into place: readers see the old file or the whole new
 * one. Without replace, a hard link refuses to land on a file that appeared meanwhile.
 */
function writeAtomically(target: string, text: string, replace: boolean): void {
  const temp = `${target}.${process.pid}.tmp`;
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (replace) renameSync(temp, target);
    else linkSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
