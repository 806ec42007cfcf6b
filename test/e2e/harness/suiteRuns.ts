// How test/e2e/vscode.test.ts runs suites in a session: the mocha suites inside its extension host (results read
// back from a file, one node:test subtest per mocha test), and UI suites on a workbench of it.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { hostLogTail, type Session } from './session';
import { openWorkbench, waitForWorkbench } from './workbench';
import type { UiContext, UiSuite } from '../ui/context';
import type { TestEngine } from '../../support/engines';
import type { HostTestResult } from '../host/index';

const HOST_TESTS_TIMEOUT_MS = 10 * 60_000;

/**
 * What the host suites read from their environment. The workbench hands it to the extension host from the payload;
 * VS Code 1.93's web workbench ignores the payload's extensionEnvironment, so a session for it gets the same
 * variables in the server's own environment (openSession's env), which the extension host inherits. BERTH_E2E_SUITES
 * is always set ('' for all): the test runner's own would otherwise leak through the server's environment.
 */
export function hostTestEnv(resultsFile: string, engine: TestEngine, suites?: string): Record<string, string> {
  return {
    BERTH_E2E_RESULTS: resultsFile,
    BERTH_E2E_REPO: repoRoot,
    BERTH_E2E_ENGINE_KIND: engine.kind,
    BERTH_E2E_SUITES: suites ?? '',
  };
}

/** Runs the mocha suites inside the session's extension host; one node:test subtest per mocha test. */
export async function runHostSuites(
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
    extensionEnvironment: hostTestEnv(resultsFile, engine, suites),
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
export async function runUiSuites(
  t: TestContext,
  s: Session,
  suites: UiSuite[],
  opts: { workspace: string; engineHost: string; numbers: Record<string, unknown>; wanted: (name: string) => boolean },
): Promise<void> {
  const { workspace, engineHost, numbers } = opts;
  const browser = await openWorkbench(s.tools, s.cs.url, { folder: s.workspace }, { width: 1400, height: 860 });
  const shots = process.env.BERTH_SCREENSHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const ctx: UiContext = {
    page: browser.page,
    workspace,
    engineHost,
    screenshots: shots,
    numbers,
    children: [],
  };
  try {
    await waitForWorkbench(browser.page);
    for (const suite of suites) {
      await t.test(suite.name, { skip: !opts.wanted(suite.name) && 'BERTH_E2E_UI_SUITES' }, async () => {
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
