// playwright-core lives in the host cache (not in the repository's dependencies): load it from there.
// The interfaces below are the small part of its API the suites use.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { HostTools } from './paths';

export interface Locator {
  click(opts?: {
    timeout?: number;
    force?: boolean;
    position?: { x: number; y: number };
    button?: 'left' | 'right';
  }): Promise<void>;
  hover(opts?: { timeout?: number; force?: boolean }): Promise<void>;
  waitFor(opts?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  first(): Locator;
  last(): Locator;
  nth(i: number): Locator;
  locator(selector: string, opts?: { hasText?: string | RegExp; has?: Locator }): Locator;
  filter(opts: { hasText?: string | RegExp; has?: Locator }): Locator;
  count(): Promise<number>;
  innerText(opts?: { timeout?: number }): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string, opts?: { timeout?: number }): Promise<string | null>;
  isVisible(): Promise<boolean>;
  isChecked(opts?: { timeout?: number }): Promise<boolean>;
  screenshot(opts: { path: string; timeout?: number }): Promise<Buffer>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}

export interface Page {
  goto(url: string, opts?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' | 'commit' }): Promise<unknown>;
  locator(selector: string, opts?: { hasText?: string | RegExp; has?: Locator }): Locator;
  waitForSelector(
    selector: string,
    opts?: { timeout?: number; state?: 'attached' | 'visible' | 'hidden' | 'detached' },
  ): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, opts?: { timeout?: number; polling?: number }): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: any[]) => unknown): Promise<void>;
  evaluate<T>(fn: string | ((arg: any) => T), arg?: unknown): Promise<T>;
  screenshot(opts: {
    path?: string;
    clip?: { x: number; y: number; width: number; height: number };
    fullPage?: boolean;
  }): Promise<Buffer>;
  keyboard: {
    press(key: string, opts?: { delay?: number }): Promise<void>;
    type(text: string, opts?: { delay?: number }): Promise<void>;
    insertText(text: string): Promise<void>;
  };
  mouse: {
    move(x: number, y: number, opts?: { steps?: number }): Promise<void>;
    down(): Promise<void>;
    up(): Promise<void>;
  };
  on(event: 'pageerror', fn: (e: Error) => void): void;
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  setDefaultTimeout(ms: number): void;
  url(): string;
  context(): BrowserContext;
  waitForURL(url: RegExp, opts?: { timeout?: number }): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  waitForEvent(event: 'page', opts?: { timeout?: number }): Promise<Page>;
  close(): Promise<void>;
}

interface PlaywrightCore {
  chromium: {
    launchPersistentContext(
      userDataDir: string,
      opts: {
        executablePath: string;
        headless: boolean;
        args: string[];
        viewport?: { width: number; height: number };
        deviceScaleFactor?: number;
      },
    ): Promise<BrowserContext>;
  };
}

export function loadPlaywright(tools: HostTools): PlaywrightCore {
  const req = createRequire(join(tools.playwrightRoot, 'package.json'));
  return req('playwright-core') as PlaywrightCore;
}
