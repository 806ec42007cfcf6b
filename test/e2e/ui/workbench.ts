// Workbench gestures a user makes, as Playwright steps on code-server's DOM.
import { join } from 'node:path';
import type { Locator, Page } from '../harness/playwright';

/** A tree row by its label (rows carry "label, description" as their aria-label). */
export function treeRow(page: Page, label: string, attrs = ''): Locator {
  const q = label.replace(/"/g, '\\"');
  return page
    .locator(
      `.part.sidebar .monaco-list-row[aria-label^="${q}, "]${attrs}, .part.sidebar .monaco-list-row[aria-label="${q}"]${attrs}`,
    )
    .first();
}

/** Waits until the tree row of `label` has an aria-label ("label, description") matching the pattern; returns it. */
export async function waitForRowLabel(page: Page, label: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const fn = `(() => {
    const [label, source, flags] = ${JSON.stringify([label, pattern.source, pattern.flags])};
    const re = new RegExp(source, flags);
    for (const row of document.querySelectorAll('.part.sidebar .monaco-list-row')) {
      const a = row.getAttribute('aria-label') || '';
      if ((a === label || a.startsWith(label + ', ')) && re.test(a)) return a;
    }
    return false;
  })()`;
  try {
    await page.waitForFunction(fn, undefined, { timeout: timeoutMs, polling: 250 });
  } catch (e) {
    const now = await treeRow(page, label)
      .getAttribute('aria-label', { timeout: 1000 })
      .catch(() => null);
    throw new Error(`row "${label}" never matched ${pattern} within ${timeoutMs} ms (now: ${JSON.stringify(now)})`, {
      cause: e,
    });
  }
  return (await treeRow(page, label).getAttribute('aria-label')) ?? '';
}

/** Clicks the Berth icon in the activity bar (unless its view is already showing). */
export async function openBerthView(page: Page): Promise<void> {
  const icon = page.locator('.part.activitybar [aria-label^="Berth"]').first();
  await icon.waitFor({ timeout: 60_000 });
  const title = page.locator('.part.sidebar .title-label', { hasText: /berth/i });
  if (!(await title.isVisible().catch(() => false))) await icon.click();
  await title.first().waitFor({ timeout: 20_000 });
}

/** Runs a command from the palette by its title, as a user types it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.click();
  await page.keyboard.insertText(`>${title}`);
  const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await item.waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Quick Open (Ctrl+P) a workspace file by its relative path. */
export async function openFile(page: Page, rel: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.insertText(rel);
  const base = rel.split('/').pop()!;
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${base}"]`).first().waitFor({ timeout: 10_000 });
}

export const quickPickRows = (page: Page): Locator => page.locator('.quick-input-widget .monaco-list-row');

/** Drags the sidebar's edge so rows show their whole description (for pictures). */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').first().boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/**
 * Expands a tree row (clicking its twistie) and returns once it is expanded. A refresh that redraws the row between
 * reading its state and the click can undo the click, so the state is read again and the click repeated.
 */
export async function expandRow(page: Page, label: string, timeoutMs = 20_000): Promise<void> {
  const row = treeRow(page, label);
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  for (;;) {
    const state = await row.getAttribute('aria-expanded', { timeout: left() });
    if (state === null) throw new Error(`the tree row "${label}" has no children to expand`);
    if (state === 'true') return;
    if (Date.now() > deadline) throw new Error(`the tree row "${label}" did not expand`);
    await row.locator('.monaco-tl-twistie').click({ timeout: left() });
    await treeRow(page, label, '[aria-expanded="true"]')
      .waitFor({ timeout: Math.min(2_000, left()) })
      .catch(() => undefined);
  }
}

/**
 * Clicks a row's inline action (hover, click, pointer off the row) until the row shows it was taken: its
 * label changes. A click that lands while the tree re-renders the row (an engine connecting, a refresh) is
 * lost without a trace — a CI rehearsal's Start Stack never reached the extension — so it is made again, at
 * most three times, 15 s apart. Returns the label the row changed to.
 */
export async function clickRowAction(page: Page, label: string, action: string): Promise<string> {
  const row = treeRow(page, label);
  const before = (await row.getAttribute('aria-label', { timeout: 10_000 })) ?? '';
  const changed = new RegExp(`^(?!${before.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)`);
  for (let attempt = 1; ; attempt++) {
    await row.hover();
    await row.locator(`.actions .action-label[aria-label="${action}"]`).click();
    // Off the row: once the action is taken, another may take the inline slot under the pointer.
    await calm(page);
    try {
      return await waitForRowLabel(page, label, changed, 15_000);
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** Moves the mouse away and closes hovers so a picture shows no tooltip. */
export async function calm(page: Page): Promise<void> {
  await page.mouse.move(900, 500);
  await page
    .locator('.monaco-hover:not(.hidden)')
    .first()
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(() => undefined);
}

/** Saves a picture when BERTH_SCREENSHOTS is set. */
export async function picture(
  page: Page,
  dir: string | undefined,
  name: string,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<void> {
  if (!dir) return;
  await page.screenshot({ path: join(dir, `${name}.png`), clip });
}

/** Saves a picture of one element and a margin around it when BERTH_SCREENSHOTS is set. */
export async function pictureOf(
  page: Page,
  dir: string | undefined,
  name: string,
  el: Locator,
  margin = 8,
): Promise<void> {
  if (!dir) return;
  const b = await el.boundingBox();
  const clip = b && { x: b.x - margin, y: b.y - margin, width: b.width + 2 * margin, height: b.height + 2 * margin };
  await picture(page, dir, name, clip ?? undefined);
}

/** Right-clicks a tree row and picks an entry of its context menu by title (the menu must close: it ran). */
export async function contextMenu(page: Page, row: Locator, title: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu').first();
  await row.click({ button: 'right' });
  const item = menu.locator('.action-item', { hasText: title }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.hover();
  await item.click();
  await menu.waitFor({ state: 'hidden', timeout: 10_000 }).catch(async (e: unknown) => {
    const items = await menu
      .locator('.action-item')
      .allInnerTexts()
      .catch(() => []);
    await page.keyboard.press('Escape');
    throw new Error(`clicking "${title}" left the context menu open (items: ${items.join(' | ')})`, { cause: e });
  });
}

/** Waits until the visible terminal's text matches; returns that text (xterm's DOM rows, spaces normalised). */
export async function waitForTerminalText(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const read = `(() => [...document.querySelectorAll('.part.panel .terminal-wrapper.active .xterm-rows > div')]
    .map((r) => r.textContent.replace(/\\u00a0/g, ' ').trimEnd()).join('\\n'))()`;
  const fn = `(() => { const re = new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)}); const t = ${read}; return re.test(t) && t; })()`;
  try {
    await page.waitForFunction(fn, undefined, { timeout: timeoutMs, polling: 250 });
  } catch (e) {
    const now = await page.evaluate<string>(read).catch(() => '');
    throw new Error(`the terminal never showed ${pattern} within ${timeoutMs} ms; it shows:\n${now}`, { cause: e });
  }
  return page.evaluate<string>(read);
}
