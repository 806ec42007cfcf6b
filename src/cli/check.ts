// `berth check [DIR] [--root DIR] [--format text|json|github|sarif]`: checks berth.yaml and every file a
// service's `configs` match, and the compose files stacks run. Exit 0: no errors; 1: errors found; 2: no readable berth.yaml or bad usage.
import { posix } from 'node:path';
import { kindRoutes } from '../core/kindConfig';
import { checkAllocation, checkFile } from '../core/rules';
import { readCheckable, sourceContext } from '../host/checkableFiles';
import type { BerthConfig, Finding } from '../core/types';
import { listConfigFiles } from '../host/workspaceFiles';
import { composeStackFindings, mergeComposeStackFindings } from '../stack/resolve';
import { parseCommandArgs, resolveRoot, usageFailure } from './args';
import { compareFindings, formatFindings, OUTPUT_FORMATS, summary, type OutputFormat } from './format';
import type { CliIo } from './io';
import { openWorkspace } from './workspace';

export const USAGE = 'usage: berth check [DIR] [--root DIR] [--format text|json|github|sarif]';

export async function run(args: string[], io: CliIo): Promise<number> {
  let root: string;
  let format: OutputFormat;
  try {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        root: { type: 'string' },
        format: { type: 'string', choices: OUTPUT_FORMATS },
        help: { type: 'boolean', short: 'h' },
      },
      { maxPositionals: 1 },
    );
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    root = resolveRoot(values.root, positionals, io.cwd);
    format = (values.format as OutputFormat | undefined) ?? 'text';
  } catch (e) {
    return usageFailure('check', USAGE, e, io);
  }

  const ws = await openWorkspace('check', root, io);
  if (!ws) return 2;
  const findings: Finding[] = [...ws.parse.findings];
  let filesChecked = 1;
  const config = ws.parse.config;
  if (config) {
    findings.push(...checkAllocation(config));
    const files = await listConfigFiles(root, config);
    filesChecked += files.length;
    // Compose files stacks run: what `berth up` would refuse, merged with the port rules' view of the same file.
    const stacks = await composeStackFindings(root, config);
    const note = (msg: string) => io.stderr.write(`berth check: ${msg}\n`);
    const ports = await checkFiles(root, config, stackComposeFirst(config, files), note);
    findings.push(...mergeComposeStackFindings(ports, stacks));
  }
  findings.sort(compareFindings);
  io.stdout.write(formatFindings(findings, format));
  if (format === 'text') io.stdout.write(summary(findings, filesChecked));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/**
 * The compose files stacks run first: the rules then reuse the parse the stack reader just made (core/composeFile
 * keeps the last few parses by text), so each is parsed once.
 */
function stackComposeFirst(config: BerthConfig, files: string[]): string[] {
  const stack = new Set(
    config.services.flatMap((s) => (s.stack?.compose ? [posix.normalize(s.stack.compose.replace(/\\/g, '/'))] : [])),
  );
  return [...files.filter((f) => stack.has(f)), ...files.filter((f) => !stack.has(f))];
}

/** Reads and checks the files, parsing each source file once (host/checkableFiles.ts: readCheckable, sourceContext). */
async function checkFiles(
  root: string,
  config: BerthConfig,
  files: string[],
  note: (msg: string) => void,
): Promise<Finding[]> {
  const texts = readCheckable(root, files, note);
  const source = await sourceContext(root, texts, note);
  // The kind configs services name are files they claim: their mappings route the manifests' NodePorts.
  const byPath = new Map(texts.map((t) => [t.path, t.text]));
  const kind = kindRoutes(config, (rel) => byPath.get(rel));
  const out: Finding[] = [];
  for (const { path, text } of texts) out.push(...checkFile(config, path, text, source, kind));
  return out;
}
