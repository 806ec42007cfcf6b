// Per-test berth.yaml fixtures in temp dirs, parsed by the real parser (so the runner sees what users write).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { BerthConfig } from '../../src/core/types';

export interface Fixture {
  root: string;
  config: BerthConfig;
  dispose(): void;
}

/** Writes berth.yaml (and extra files) to a fresh temp dir; fails when the parser reports an error. */
export function fixture(
  yaml: string,
  files: Record<string, string> = {},
  opts: { allowErrors?: boolean } = {},
): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'berth-stack-'));
  writeFileSync(join(root, 'berth.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const parsed = parseBerthYaml(yaml);
  const errors = parsed.findings.filter((f) => f.severity === 'error');
  if (!parsed.config || (errors.length && !opts.allowErrors)) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `fixture berth.yaml does not parse: ${errors.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('; ')}`,
    );
  }
  return { root, config: parsed.config, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
