// test-needs: vscode-host
// Berth as users meet it: the packaged .vsix installed with `code-server --install-extension` into the real
// VS Code server (offline), on a copy of examples/demo, driven by headless Chromium.
//   1. extension-host suites (mocha inside the Node extension host, test/e2e/host/*.suite.ts), then the
//      untrusted-workspace suite in a host with trust on, and the container suites on each other engine
//      and the same host suites again on the oldest code-server engines.vscode claims (OLDEST_CODE_SERVER_VERSION)
//   2. a multi-root session (demo + a second folder, .code-workspace): its host suite, then its UI suite
//   3. UI suites (Playwright on the workbench, test/e2e/ui/suites.ts; BERTH_SCREENSHOTS=<dir> saves pictures)
// Numbers (run time, activation, .vsix size, peak memory) go to the test output and bench/results/e2e.json.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHostSuites } from './harness/bundle';
import { MemorySampler } from './harness/memory';
import { OLDEST_CODE_SERVER_VERSION, repoRoot } from './harness/paths';
import { hostLogTail, openSession, type Session } from './harness/session';
import { openWorkbench, waitForWorkbench } from './harness/workbench';
import { STACK_SERVICE, uiSuites, type UiContext, type UiSuite } from './ui/suites';
import { multiRootStatus } from './ui/multiRootSuites';
import { LEDGER } from './harness/ledger';
import { testEngines, type TestEngine } from '../support/engines';
import { run } from './harness/exec';
import type { HostTestResult } from './host/index';

// The main run (host + UI suites) uses the first engine of BERTH_TEST_ENGINES (default docker,podman); the
// container suites (tree, stack, cleanup) run again in a host set to each other engine.
const [MAIN_ENGINE, ...OTHER_ENGINES] = testEngines();
const ENGINE_HOST = MAIN_ENGINE!.host;
const CONTAINER_SUITES = '30-tree,40-stack,50-cleanup';
const HOST_TESTS_TIMEOUT_MS = 10 * 60_000;
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

/** Runs the mocha suites inside the session's extension host; one node:test subtest per mocha test. */
async function runHostSuites(
  t: TestContext,
  s: Session,
  testsPath: string,
  resultsFile: string,
  engine: TestEngine,
  suites?: string,
): Promise<Record<string, number>> {
  const browser = await openWorkbench(s.tools, s.cs.url, {
    folder: s.workspace,
    extensionTestsPath: testsPath,
    extensionDevelopmentPath: s.driver,
    extensionEnvironment: {
      BERTH_E2E_RESULTS: resultsFile,
      BERTH_E2E_REPO: repoRoot,
      BERTH_E2E_ENGINE_KIND: engine.kind,
      ...(suites ? { BERTH_E2E_SUITES: suites } : {}),
    },
  });
  let code: number | 'timeout';
  try {
    let timer: NodeJS.Timeout | undefined;
    code = await Promise.race([
      browser.exitCode,
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), HOST_TESTS_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  } finally {
    await browser.close();
  }
  const hostLog = `extension host console:\n${browser.log.slice(-80).join('\n')}\n${hostLogTail(s.cs)}`;
  if (!existsSync(resultsFile)) assert.fail(`the extension-host suites wrote no results (exit ${code})\n${hostLog}`);
  const { results, numbers } = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    results: HostTestResult[];
    numbers: Record<string, number>;
  };
  assert.ok(results.length > 0, `no extension-host tests ran\n${hostLog}`);
  for (const r of results) {
    await t.test(r.title, { skip: r.state === 'pending' }, () => {
      if (r.state === 'failed') assert.fail(`${r.error}\n${hostLog}`);
    });
  }
  assert.equal(code, 0, `extension-host run ended with ${code}\n${hostLog}`);
  return numbers;
}

/**
 * UI suites on a workbench of the session, one node:test subtest each (a failure keeps a screenshot); `workspace` is
 * the demo folder the suites read berth.yaml from. Processes the suites started are ended after them.
 */
async function runUiSuites(
  t: TestContext,
  s: Session,
  suites: UiSuite[],
  workspace: string,
  numbers: Record<string, unknown>,
): Promise<void> {
  const browser = await openWorkbench(s.tools, s.cs.url, { folder: s.workspace }, { width: 1400, height: 860 });
  const shots = process.env.BERTH_SCREENSHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const ctx: UiContext = {
    page: browser.page,
    workspace,
    engineHost: ENGINE_HOST,
    screenshots: shots,
    numbers,
    children: [],
  };
  try {
    await waitForWorkbench(browser.page);
    for (const suite of suites) {
      await t.test(suite.name, { skip: !wantedUi(suite.name) && 'BERTH_E2E_UI_SUITES' }, async () => {
        try {
          await suite.run(ctx);
        } catch (e) {
          const pic = join(s.dir, `failed-${suite.name.replace(/\W+/g, '-')}.png`);
          await browser.page.screenshot({ path: pic }).catch(() => undefined);
          throw new Error(
            `${(e as Error).stack ?? e}\n(screenshot: ${pic}; set BERTH_E2E_KEEP=1 to keep it)\n${browser.log.slice(-30).join('\n')}\n${hostLogTail(s.cs, 30)}`,
            { cause: e },
          );
        }
      });
    }
  } finally {
    for (const c of ctx.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await browser.close();
  }
}

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
      skip: (only === 'ui' && 'BERTH_E2E_ONLY=ui') || (!wantedOwn('untrusted') && 'BERTH_E2E_SUITES'),
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
        env: { BERTH_E2E_RESULTS: file },
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
        if (only !== 'host') await runUiSuites(t, multi, [multiRootStatus], multi.folders[0]!, numbers);
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
    (t) => runUiSuites(t, session!, uiSuites, session!.workspace, numbers),
  );
});
