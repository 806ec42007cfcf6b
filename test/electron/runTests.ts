// npm run test:electron — the same extension-host suites as test/e2e, on a VS Code desktop build that
// @vscode/test-electron downloads (needs internet; CI uses code-server: test/e2e/vscode.test.ts).
// Runs the development folder (dist/ built by `node esbuild.mjs`) on a temp copy of examples/demo.
// Env: BERTH_E2E_ENGINE_HOST (default unix:///var/run/docker.sock), VSCODE_VERSION (default "stable").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleHostSuites } from '../e2e/harness/bundle';
import { repoRoot } from '../e2e/harness/paths';
import { prepareWorkspace } from '../e2e/harness/session';

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-electron-'));
  try {
    const extensionTestsPath = await bundleHostSuites();
    const workspace = prepareWorkspace(dir, {
      'berth.engine.host': process.env.BERTH_E2E_ENGINE_HOST ?? 'unix:///var/run/docker.sock',
    });
    return await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: { BERTH_E2E_RESULTS: join(dir, 'host-results.json') },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(dir, 'user-data'),
      ],
    });
  } catch (e) {
    console.error(`test:electron: ${(e as Error).message}`);
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
