// Drives the real workbench in headless Debian Chromium: opens a folder, optionally with the smoke-test
// driver payload that runs extension tests inside the Node extension host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTools } from './paths';
import { loadPlaywright, type BrowserContext, type Page } from './playwright';

export interface WorkbenchOptions {
  /** Absolute path of the folder to open, or of a .code-workspace file (a multi-root workspace). */
  folder: string;
  /** Module whose run() the extension host calls (needs --vscode-option enable-smoke-test-driver). */
  extensionTestsPath?: string;
  /** Needed for extensionTestsPath (tests run only in development mode): an unpacked extension or a driver stub. */
  extensionDevelopmentPath?: string;
  /** Environment variables added to the extension host. */
  extensionEnvironment?: Record<string, string>;
}

export function workbenchUrl(base: string, o: WorkbenchOptions): string {
  const host = new URL(base).host;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (o.extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${o.extensionDevelopmentPath}`]);
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${o.extensionTestsPath}`]);
  if (o.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(o.extensionEnvironment)]);
  const what = o.folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `${base}/?${what}=${encodeURIComponent(o.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Lines the workbench reported through the smoke-test driver (extension host console) and page errors. */
  log: string[];
  /** Resolves with the extension tests' exit code (0 = passed) when a test payload was given. */
  exitCode: Promise<number>;
  close(): Promise<void>;
}

export async function openWorkbench(
  tools: HostTools,
  base: string,
  o: WorkbenchOptions,
  viewport = { width: 1280, height: 800 },
): Promise<Browser> {
  const { chromium } = loadPlaywright(tools);
  const udd = mkdtempSync(join(tmpdir(), 'berth-chromium-'));
  const context = await chromium.launchPersistentContext(udd, {
    executablePath: tools.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--disable-crash-reporter',
      '--disable-breakpad',
    ],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const log: string[] = [];
  let resolveExit!: (code: number) => void;
  const exitCode = new Promise<number>((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    log.push(`[exthost ${type}] ${(args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  await page.goto(workbenchUrl(base, o));
  return {
    context,
    page,
    log,
    exitCode,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(udd, { recursive: true, force: true });
    },
  };
}

/** Waits until the workbench has rendered its activity bar (the UI is usable). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
}
