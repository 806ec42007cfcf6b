// Runs Berth's own pipeline on a corpus workspace: the diagnostics are what `berth check --format json`
// prints (the command itself, in-process), the references what the port finders return for every file
// the check reads. When the finders' API changes, this is the one place the corpus follows it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run as runCheck } from '../../src/cli/check';
import { readCheckable, sourceContext } from '../../src/host/checkableFiles';
import type { JsonFinding } from '../../src/cli/format';
import { findPorts } from '../../src/core/portFinders/index';
import { serviceForFile } from '../../src/core/ownership';
import { listConfigFiles, loadWorkspace } from '../../src/host/workspaceFiles';
import { PORT_DIAGNOSTICS, type Actual, type DiagnosticCode, type ExpectedFile, type PortAt } from './score';

export const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'corpus');
export const WORKSPACES = ['go-monorepo', 'ts-service', 'python-service', 'holdout', 'kotlin-service'] as const;

export const workspaceRoot = (ws: string): string => join(CORPUS_DIR, ws);

/** The hand-written expected findings, kept beside (not inside) the workspace so no scan reads them. */
export function readExpected(ws: string): ExpectedFile {
  return JSON.parse(readFileSync(join(CORPUS_DIR, `${ws}.expected.json`), 'utf8')) as ExpectedFile;
}

export interface Collected extends Actual {
  /** Every finding of the check, port rules or not (berth.yaml problems, stack findings). */
  findings: JsonFinding[];
  exitCode: number;
  stderr: string;
}

async function checkJson(root: string): Promise<{ findings: JsonFinding[]; exitCode: number; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (b: Buffer) => out.push(b));
  const stderr = new PassThrough().on('data', (b: Buffer) => err.push(b));
  const exitCode = await runCheck(['--root', root, '--format', 'json'], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    cwd: root,
  });
  const text = Buffer.concat(out).toString('utf8');
  return { findings: JSON.parse(text) as JsonFinding[], exitCode, stderr: Buffer.concat(err).toString('utf8') };
}

export async function collect(root: string): Promise<Collected> {
  const ws = await loadWorkspace(root);
  if ('error' in ws) throw new Error(ws.error);
  const config = ws.parse.config;
  if (!config) throw new Error(`${ws.configPath} is unusable: ${ws.parse.findings.map((f) => f.message).join('; ')}`);
  const references: PortAt[] = [];
  // The files check reads, with the same source context (grammars, the workspace's declarations).
  const claimed = (await listConfigFiles(root, config)).filter((f) => serviceForFile(config, f));
  const texts = readCheckable(root, claimed, () => {});
  const source = await sourceContext(root, texts, () => {});
  for (const { path, text } of texts)
    for (const ref of findPorts(path, text, source))
      references.push({ file: path, line: ref.range.start.line + 1, port: ref.port });
  const { findings, exitCode, stderr } = await checkJson(root);
  const diagnostics = findings
    .filter((f) => (PORT_DIAGNOSTICS as readonly string[]).includes(f.code) && f.port !== null)
    .map((f) => ({ file: f.file, line: f.line, port: f.port as number, code: f.code as DiagnosticCode }));
  return { references, diagnostics, findings, exitCode, stderr };
}
