// Runs inside the VS Code extension host (code-server through the smoke-test driver payload, or
// @vscode/test-electron): mocha over the bundled *.suite.js files beside this file, in name order.
// Results go to $BERTH_E2E_RESULTS as JSON so the node:test side can assert each one by name.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface HostTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** Measurements the suites record (activation time …), written out with the results. */
export function recordNumber(name: string, value: number): void {
  const g = globalThis as { berthE2eNumbers?: Record<string, number> };
  (g.berthE2eNumbers ??= {})[name] = value;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  // BERTH_E2E_SUITES=a,b: only suites whose file name contains one of them. The untrusted suite needs a
  // host started with workspace trust on, the multiroot one a multi-root workspace: they run only when named.
  // Empty: all of them (the harness always sets it, so the test runner's own does not leak in).
  let only = process.env.BERTH_E2E_SUITES?.split(',').filter(Boolean);
  if (only?.length === 0) only = undefined;
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.suite.js'))
    .filter((f) => (only ? only.some((o) => f.includes(o)) : !f.includes('untrusted') && !f.includes('multiroot')))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  await mocha.loadFilesAsync();
  const results: HostTestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) =>
      results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) }),
    );
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });
  if (process.env.BERTH_E2E_RESULTS)
    writeFileSync(
      process.env.BERTH_E2E_RESULTS,
      JSON.stringify(
        { files, results, numbers: (globalThis as { berthE2eNumbers?: Record<string, number> }).berthE2eNumbers ?? {} },
        null,
        2,
      ),
    );
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
