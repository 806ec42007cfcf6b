// `berth check [DIR] [--root DIR] [--format text|json|github|sarif]`: checks berth.yaml and every file a
// service's `configs` match, and the compose files stacks run. Exit 0: no errors; 1: errors found; 2: no readable berth.yaml or bad usage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAllocation, checkFile } from '../core/rules';
import {
  DeclarationIndex,
  grammarsFor,
  indexSources,
  sourceSkipReason,
  type SourceContext,
} from '../core/portFinders/source/index';
import { Grammars } from '../host/grammars';
import type { BerthConfig, Finding } from '../core/types';
import { listConfigFiles } from '../host/workspaceFiles';
import { composeStackFindings, mergeComposeStackFindings } from '../stack/resolve';
import { parseCommandArgs, resolveRoot, usageFailure } from './args';
import { compareFindings, formatFindings, OUTPUT_FORMATS, summary, type OutputFormat } from './format';
import type { CliIo } from './io';
import { openWorkspace } from './workspace';

export const USAGE = 'usage: berth check [DIR] [--root DIR] [--format text|json|github|sarif]';
/** Larger files are not configs anyone hand-edits; skipping them keeps a stray dump from stalling CI. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

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
    const ports = await checkFiles(root, config, files, (msg) => io.stderr.write(`berth check: ${msg}\n`));
    // Compose files stacks run: what `berth up` would refuse, merged with the port rules' view of the same file.
    findings.push(...mergeComposeStackFindings(ports, await composeStackFindings(root, config)));
  }
  findings.sort(compareFindings);
  io.stdout.write(formatFindings(findings, format));
  if (format === 'text') io.stdout.write(summary(findings, filesChecked));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Reads and checks the files, parsing each source file once (see readCheckable and sourceContext). */
async function checkFiles(
  root: string,
  config: BerthConfig,
  files: string[],
  note: (msg: string) => void,
): Promise<Finding[]> {
  const texts = readCheckable(root, files, note);
  const source = await sourceContext(texts, note);
  const out: Finding[] = [];
  for (const { path, text } of texts) out.push(...checkFile(config, path, text, source));
  return out;
}

/**
 * The texts of the files check reads; unreadable, huge, binary or minified files are skipped with a note. Reads
 * are synchronous on purpose: for thousands of small files one blocking read each is several times faster than
 * promise reads (each of those is four thread-pool round trips), and a CLI has nothing else to do meanwhile.
 */
export function readCheckable(
  root: string,
  files: string[],
  note: (msg: string) => void,
): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  for (const rel of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(join(root, rel));
    } catch (e) {
      note(`skipped ${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    if (buf.length > MAX_FILE_BYTES || buf.subarray(0, 8192).includes(0)) {
      note(`skipped ${rel}: ${buf.length > MAX_FILE_BYTES ? 'larger than 4 MiB' : 'binary'}`);
      continue;
    }
    const text = buf.toString('utf8');
    const skip = sourceSkipReason(rel, text);
    if (skip) note(`skipped ${rel}: ${skip}`);
    else texts.push({ path: rel, text });
  }
  return texts;
}

/**
 * Grammars for the languages present (loaded only when a file needs one) and the workspace's declarations: a
 * first pass indexes the source files' declarations, the port pass reuses its facts.
 */
export async function sourceContext(
  texts: { path: string; text: string }[],
  note: (msg: string) => void,
): Promise<SourceContext | undefined> {
  const languages = grammarsFor(texts.map((t) => t.path));
  if (languages.size === 0) return undefined;
  const parser = new Grammars();
  await parser.load(languages);
  for (const [language, why] of parser.failures)
    note(`${language} grammar not loaded (${why}): its files are read as text`);
  const ctx: SourceContext = { parser, declarations: new DeclarationIndex(), read: new Map() };
  indexSources(texts, ctx);
  return ctx;
}
