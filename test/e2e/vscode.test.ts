// test-needs: vscode-host
// Berth as users meet it: the packaged .vsix installed with `code-server --install-extension` into the real
// VS Code server (offline), on a copy of examples/demo, driven by headless Chromium.
//   1. extension-host suites (mocha inside the Node extension host, test/e2e/host/*.suite.ts), then the
//      untrusted-workspace suite in a host with trust on, and the container suites on each other engine
//      and the same host suites again on the oldest code-server engines.vscode claims (OLDEST_CODE_SERVER_VERSION)
//   2. a multi-root session (demo + a second folder, .code-workspace): its host suite, then its UI suite
//   3. UI suites (Playwright on the workbench, test/e2e/ui/suites.ts; BERTH_SCREENSHOTS=<dir> saves pictures)
// Numbers (run time, activation, .vsix size, peak memory) go to the test output and bench/results/e2e.json.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHostSuites } from './harness/bundle';
import { MemorySampler } from './harness/memory';
import { OLDEST_CODE_SERVER_VERSION, repoRoot } from './harness/paths';
import { openSession, type Session } from './harness/session';
import { hostTestEnv, runHostSuites, runUiSuites } from './harness/suiteRuns';
import { STACK_SERVICE, uiSuites } from './ui/suites';
import { multiRootStatus } from './ui/multiRootSuites';
import { LEDGER } from './harness/ledger';
import { testEngines } from '../support/engines';
import { run } from './harness/exec';

// The main run (host + UI suites) uses the first engine of BERTH_TEST_ENGINES (default docker,podman); the
// container suites (tree, stack, cleanup) run again in a host set to each other engine.
const [MAIN_ENGINE, ...OTHER_ENGINES] = testEngines();
const ENGINE_HOST = MAIN_ENGINE!.host;
const CONTAINER_SUITES = '30-tree,40-stack,50-cleanup';
/**
 * For working on one half: BERTH_E2E_ONLY=host or BERTH_E2E_ONLY=ui; BERTH_E2E_ONLY=oldest runs only the host suites
 * on the oldest code-server (with BERTH_E2E_SUITES, only those).
 */
const only = process.env.BERTH_E2E_ONLY;
/**
 * For working on some host suites: BERTH_E2E_SUITES=70-init runs only those in the main host (and no other host);
 * BERTH_E2E_SUITES=untrusted (or multiroot) runs only the untrusted-workspace (multi-root) session.
 */
const mainSuites = process.env.BERTH_E2E_SUITES;
/** Suites that need a session of their own (trust on; two folders): named alone, they run only there. */
const OWN_SESSION = ['untrusted', 'multiroot'];
const named = mainSuites?.split(',').filter(Boolean);
const ownSessionOnly = named !== undefined && named.every((n) => OWN_SESSION.includes(n));
const wantedOwn = (suite: string) => named === undefined || named.includes(suite);
/** What the main and the oldest host run of BERTH_E2E_SUITES (the own-session ones run only in theirs). */
const hostSuites = named?.filter((n) => !OWN_SESSION.includes(n)).join(',');
const oldestOnly = only === 'oldest';
/** For working on some UI suites: BERTH_E2E_UI_SUITES=pull,walkthrough runs those whose names contain a word. */
const uiWords = process.env.BERTH_E2E_UI_SUITES?.split(',').filter(Boolean);
const wantedUi = (name: string) => !uiWords || uiWords.some((w) => name.includes(w));

describe('Berth in a real VS Code host (code-server, packaged .vsix)', { timeout: 20 * 60_000 }, () => {
  const t0 = Date.now();
  const resultsDir = mkdtempSync(join(tmpdir(), 'berth-e2e-results-'));
  const resultsFile = join(resultsDir, 'host-results.json');
  const numbers: Record<string, unknown> = {};
  let session: Session | undefined;
  let sampler: MemorySampler | undefined;
  let hostTestsPath = '';

  before(async () => {
    hostTestsPath = await bundleHostSuites();
    session = await openSession({ engineHost: ENGINE_HOST, env: { BERTH_E2E_RESULTS: resultsFile } });
    sampler = new MemorySampler().start(() => session?.cs.pid);
    numbers.vsixKiB = Math.round(session.vsix.bytes / 1024);
    numbers.setupMs = Date.now() - t0;
  });

  after(async () => {
    const peaks = sampler?.stop();
    // The suites stop the demo stack themselves; after a failure, `berth down` makes sure nothing is left.
    for (const e of session ? [MAIN_ENGINE!, ...OTHER_ENGINES] : []) {
      const r = await run(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), 'down', STACK_SERVICE, '--root', session!.workspace, '--host', e.host],
        { timeoutMs: 120_000 },
      );
      if (r.exitCode !== 0)
        console.error(
          `berth down ${STACK_SERVICE} on ${e.kind} after the e2e run: exit ${r.exitCode}\n${r.stdout}${r.stderr}`,
        );
    }
    await session?.close();
    rmSync(resultsDir, { recursive: true, force: true });
    numbers.totalMs = Date.now() - t0;
    if (peaks) Object.assign(numbers, { peakHostRssMb: peaks.hostMb, peakChromiumRssMb: peaks.browserMb });
    const line = `e2e numbers: ${JSON.stringify(numbers)}`;
    console.log(line);
    mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(repoRoot, 'bench', 'results', 'e2e.json'),
      JSON.stringify({ at: new Date().toISOString(), ...numbers }, null, 2),
    );
  });

  test('the .vsix holds the bundles, media, schema and README, and no sources or node_modules', () => {
    const files = session!.vsix.files;
    // vsce stores README.md as readme.md.
    for (const f of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/readme.md',
    ]) {
      assert.ok(
        files.some((x) => x.toLowerCase() === f),
        `${f} missing from the .vsix: ${files.join(', ')}`,
      );
    }
    assert.ok(
      files.some((f) => f.startsWith('extension/schemas/')),
      'schemas missing from the .vsix',
    );
    const stray = files.filter(
      (f) =>
        /^extension\/(src|test|node_modules|out|examples|bench|scripts)\//.test(f) ||
        f.endsWith('.map') ||
        f.endsWith('.ts'),
    );
    assert.deepEqual(stray, [], 'the .vsix carries files users do not need');
  });

  test(
    'extension-host suites (mocha in the Node extension host)',
    {
      skip:
        (only === 'ui' && 'BERTH_E2E_ONLY=ui') ||
        (oldestOnly && 'BERTH_E2E_ONLY=oldest') ||
        (ownSessionOnly && `BERTH_E2E_SUITES=${mainSuites}`),
    },
    async (t) => {
      const started = Date.now();
      Object.assign(numbers, await runHostSuites(t, session!, hostTestsPath, resultsFile, MAIN_ENGINE!, hostSuites));
      numbers.hostSuitesMs = Date.now() - started;
    },
  );

  test(
    'untrusted workspace (a second host with workspace trust on)',
    {
      skip:
        (only === 'ui' && 'BERTH_E2E_ONLY=ui') ||
        (oldestOnly && 'BERTH_E2E_ONLY=oldest') ||
        (!wantedOwn('untrusted') && 'BERTH_E2E_SUITES'),
    },
    async (t) => {
      const file = join(resultsDir, 'untrusted-results.json');
      const untrusted = await openSession({
        engineHost: ENGINE_HOST,
        trust: true,
        env: { BERTH_E2E_RESULTS: file },
        vsix: session!.vsix,
      });
      try {
        await runHostSuites(t, untrusted, hostTestsPath, file, MAIN_ENGINE!, 'untrusted');
      } finally {
        await untrusted.close();
      }
    },
  );

  for (const engine of OTHER_ENGINES) {
    test(
      `tree, Start/Stop Stack and Clean Stale Ports on ${engine.kind} (berth.engine.host ${engine.host})`,
      {
        skip:
          (only === 'ui' && 'BERTH_E2E_ONLY=ui') ||
          (oldestOnly && 'BERTH_E2E_ONLY=oldest') ||
          (mainSuites !== undefined && 'BERTH_E2E_SUITES'),
      },
      async (t) => {
        const file = join(resultsDir, `${engine.kind}-results.json`);
        const other = await openSession({
          engineHost: engine.host,
          env: { BERTH_E2E_RESULTS: file },
          vsix: session!.vsix,
        });
        try {
          await runHostSuites(t, other, hostTestsPath, file, engine, CONTAINER_SUITES);
        } finally {
          await other.close();
        }
      },
    );
  }

  test(
    `extension-host suites on the oldest VS Code Berth claims (code-server ${OLDEST_CODE_SERVER_VERSION})`,
    { skip: (only === 'ui' && 'BERTH_E2E_ONLY=ui') || (ownSessionOnly && `BERTH_E2E_SUITES=${mainSuites}`) },
    async (t) => {
      const started = Date.now();
      const file = join(resultsDir, 'oldest-results.json');
      const oldest = await openSession({
        engineHost: ENGINE_HOST,
        env: hostTestEnv(file, MAIN_ENGINE!, hostSuites),
        vsix: session!.vsix,
        codeServer: OLDEST_CODE_SERVER_VERSION,
      });
      try {
        await runHostSuites(t, oldest, hostTestsPath, file, MAIN_ENGINE!, hostSuites);
      } finally {
        await oldest.close();
      }
      numbers.oldestHostSuitesMs = Date.now() - started;
    },
  );

  test(
    'multi-root workspace (demo and a second folder): host suite, then the UI suite',
    {
      skip:
        (oldestOnly && 'BERTH_E2E_ONLY=oldest') ||
        (!wantedOwn('multiroot') && 'BERTH_E2E_SUITES') ||
        (uiWords !== undefined && !wantedUi('multi-root') && 'BERTH_E2E_UI_SUITES'),
    },
    async (t) => {
      const file = join(resultsDir, 'multiroot-results.json');
      const multi = await openSession({
        engineHost: ENGINE_HOST,
        env: { BERTH_E2E_RESULTS: file },
        vsix: session!.vsix,
        multiRoot: true,
      });
      try {
        if (only !== 'ui') await runHostSuites(t, multi, hostTestsPath, file, MAIN_ENGINE!, 'multiroot');
        if (only !== 'host')
          await runUiSuites(t, multi, [multiRootStatus], {
            workspace: multi.folders[0]!,
            engineHost: ENGINE_HOST,
            numbers,
            wanted: wantedUi,
          });
      } finally {
        // The suites stop the second folder's stack themselves; after a failure this makes sure nothing is left.
        const r = await run(
          process.execPath,
          [
            join(repoRoot, 'dist', 'cli.js'),
            'down',
            LEDGER.service,
            '--root',
            multi.folders[1]!,
            '--host',
            ENGINE_HOST,
          ],
          { timeoutMs: 120_000 },
        );
        if (r.exitCode !== 0) console.error(`berth down ${LEDGER.service}: exit ${r.exitCode}\n${r.stdout}${r.stderr}`);
        await multi.close();
      }
    },
  );

  test(
    'UI suites (Playwright on the workbench)',
    { skip: (only === 'host' || oldestOnly) && `BERTH_E2E_ONLY=${only}` },
    (t) =>
      runUiSuites(t, session!, uiSuites, {
        workspace: session!.workspace,
        engineHost: ENGINE_HOST,
        numbers,
        wanted: wantedUi,
      }),
  );
});
