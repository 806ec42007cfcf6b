// A multi-root workspace in the workbench (a .code-workspace with examples/demo's copy and the books folder): the
// Berth view has a root per folder, a stack of the second folder started from its row reaches the status bar,
// which sums both folders (books' healthy stack, demo's planted conflict) and lists each in its tooltip; Stop Stack
// from the palette asks which folder.
import assert from 'node:assert/strict';
import { LEDGER } from '../harness/ledger';
import { plantListener } from '../harness/listener';
import type { Page } from '../harness/playwright';
import { CONFLICT_SERVICE, demoConfig, portOf, type UiSuite } from './context';
import {
  calm,
  clickRowAction,
  openBerthView,
  picture,
  quickPickRows,
  runCommand,
  treeRow,
  waitForRowLabel,
  widenSidebar,
} from './workbench';

/** Waits for a status bar entry whose accessible label (the text without icons) matches; returns it. */
async function statusBarText(page: Page, pattern: RegExp): Promise<string> {
  const find = `(() => {
    const re = new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)});
    for (const el of document.querySelectorAll('.part.statusbar [aria-label]')) {
      const a = el.getAttribute('aria-label') || '';
      if (re.test(a)) return a;
    }
    return '';
  })()`;
  try {
    await page.waitForFunction(`${find} !== ''`, undefined, { timeout: 60_000, polling: 250 });
  } catch (e) {
    const now = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.part.statusbar [aria-label]')].map((el) => el.getAttribute('aria-label'))`,
    );
    throw new Error(`no status bar entry matched ${pattern} (entries: ${JSON.stringify(now)})`, { cause: e });
  }
  return page.evaluate<string>(find);
}

export const multiRootStatus: UiSuite = {
  name: 'a multi-root workspace shows a root per folder, and the status bar sums them with a tooltip line per folder',
  async run({ page, workspace, children, screenshots }) {
    await openBerthView(page);
    for (const label of ['demo', LEDGER.folder, LEDGER.service, 'workflowexecution'])
      await treeRow(page, label).waitFor({ timeout: 30_000 });

    // A conflict in the first folder, a healthy stack in the second: the status bar shows both.
    children.push(await plantListener(portOf(demoConfig(workspace), CONFLICT_SERVICE, 'http')));
    await clickRowAction(page, LEDGER.service, 'Start Stack');
    await waitForRowLabel(page, LEDGER.service, /, 1\/1 healthy$/, 120_000);
    await page.locator('.part.sidebar .title-actions .action-label[aria-label="Refresh"]').first().click();
    await waitForRowLabel(page, LEDGER.folder, /, 1\/1 stack healthy$/);
    await waitForRowLabel(page, 'demo', /, no stacks running · 1 port conflict$/);
    const text = await statusBarText(page, /^1\/1 stack healthy · 1 port conflict$/);
    assert.equal(text, '1/1 stack healthy · 1 port conflict');

    // The tooltip: a line per folder, its services beneath.
    await page.locator('.part.statusbar .statusbar-item', { hasText: '1/1 stack healthy' }).first().hover();
    const hover = page.locator('.monaco-hover:not(.hidden), .workbench-hover').filter({ hasText: 'books:' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const tip = await hover.innerText();
    assert.match(tip, /demo: no stacks running · 1 port conflict/);
    assert.match(tip, /books: 1\/1 stack healthy/);
    assert.match(tip, /ledger: 1\/1 healthy/);
    await calm(page);
    if (screenshots) {
      await widenSidebar(page, 520);
      await calm(page);
      await picture(page, screenshots, 'multiroot', { x: 0, y: 0, width: 580, height: 860 });
    }

    // Without a target, Stop Stack asks which folder, then which service.
    await runCommand(page, 'Berth: Stop Stack');
    const folders = quickPickRows(page);
    await folders.filter({ hasText: LEDGER.folder }).first().waitFor({ timeout: 20_000 });
    assert.ok(
      (await folders.allInnerTexts()).some((t) => t.includes('demo')),
      'the folder pick offers both folders',
    );
    await folders.filter({ hasText: LEDGER.folder }).first().click();
    const svc = quickPickRows(page).filter({ hasText: LEDGER.service }).first();
    await svc.waitFor({ timeout: 20_000 });
    await svc.click();
    await waitForRowLabel(page, LEDGER.service, /, not running$/, 60_000);
    await waitForRowLabel(page, LEDGER.folder, /, no stacks running$/);
  },
};
