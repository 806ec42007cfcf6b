// The UI suites, run in order on one workbench (later ones build on the state earlier ones leave):
// services in the sidebar → activation time → Start Stack from the row's inline action → a typed conflict
// with its squiggle, Problems entry and quick fix → Clean Stale Ports from the command palette; the walkthrough is
// looked at before Start Stack and after the cleanup, its steps completing on those real outcomes.
import assert from 'node:assert/strict';
import { plantListener } from '../harness/listener';
import type { Page } from '../harness/playwright';
import { CONFLICT_SERVICE, demoConfig, portOf, STACK_SERVICE, type UiSuite } from './context';
import { followLogs, logsAfterStop } from './logSuites';
import { codeLensStack } from './lensSuites';
import { hoverLiveHolder, portRows } from './portSuites';
import { pullProgress } from './pullSuite';
import {
  calm,
  clickRowAction,
  expandRow,
  openBerthView,
  openFile,
  picture,
  quickPickRows,
  runCommand,
  treeRow,
  waitForRowLabel,
  widenSidebar,
} from './workbench';

export { STACK_SERVICE, type UiContext, type UiSuite } from './context';

const sidebarServices: UiSuite = {
  name: 'clicking the Berth icon in the activity bar shows the services',
  async run({ page, workspace }) {
    await openBerthView(page);
    for (const s of demoConfig(workspace).services) await treeRow(page, s.name).waitFor({ timeout: 30_000 });
    await page
      .locator(
        '.part.sidebar .monaco-list-row[aria-label^="Docker"], .part.sidebar .monaco-list-row[aria-label^="Podman"]',
      )
      .first()
      .waitFor({ timeout: 30_000 });
  },
};

const activationTime: UiSuite = {
  name: 'Developer: Show Running Extensions lists Berth with its activation time',
  async run({ page, numbers }) {
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Berth' }).first();
    await row.waitFor({ timeout: 20_000 });
    const text = await row.innerText();
    const m = /(?:Startup )?Activation:\s*([\d,]+)\s*ms/i.exec(text);
    assert.ok(m, `no activation time in the Running Extensions row: ${JSON.stringify(text)}`);
    numbers.activationMs = Number(m[1]!.replace(/,/g, ''));
    await page.keyboard.press('Control+W');
    await calm(page);
  },
};

const startStackInline: UiSuite = {
  name: 'the inline "Start Stack" action on a service row brings it up and the row turns healthy',
  async run({ page, workspace, screenshots, children }) {
    await openBerthView(page);
    await clickRowAction(page, STACK_SERVICE, 'Start Stack');
    // "3/3 healthy" once every counted container is ready (the one-shot migrations step does not count).
    const label = await waitForRowLabel(page, STACK_SERVICE, /, (\d+)\/\1 healthy$/, 180_000);
    assert.doesNotMatch(label, /starting|unhealthy|held/);

    // A port of another service held by a process nobody attributes: the conflict shown next to the healthy stack.
    const port = portOf(demoConfig(workspace), CONFLICT_SERVICE, 'http');
    children.push(await plantListener(port));
    await page.locator('.part.sidebar .title-actions .action-label[aria-label="Refresh"]').first().click();
    await waitForRowLabel(page, CONFLICT_SERVICE, /1 port held by/);
    await waitForRowLabel(page, STACK_SERVICE, /, (\d+)\/\1 healthy$/, 60_000);
    if (screenshots) {
      await widenSidebar(page, 560);
      await expandRow(page, STACK_SERVICE);
      await expandRow(page, CONFLICT_SERVICE);
      await calm(page);
      await picture(page, screenshots, 'sidebar', { x: 0, y: 0, width: 620, height: 860 });
    }
  },
};

const typedConflict: UiSuite = {
  name: "typing another service's port into a config file shows a squiggle, a Problems entry and a quick fix",
  async run({ page, workspace, screenshots }) {
    const config = demoConfig(workspace);
    const owned = portOf(config, STACK_SERVICE, 'redis');
    const rel = 'test/integration/notification/.env';
    await openFile(page, rel);
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+End'); // the empty line after the file's last newline
    await page.keyboard.type(`CACHE_PORT=${owned}`, { delay: 15 });
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });

    await page.keyboard.press('Control+Shift+M');
    const problemText = new RegExp(`port ${owned} belongs to '${STACK_SERVICE}'`);
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: problemText })
      .first()
      .waitFor({ timeout: 20_000 });

    // The quick fix offered on the typed port: the caret on it, then Ctrl+. (the lightbulb menu).
    await editor.click();
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+.');
    const fix = page
      .locator('.action-widget .monaco-list-row', {
        hasText: new RegExp(`${CONFLICT_SERVICE}.*redis|redis.*${portOf(config, CONFLICT_SERVICE, 'redis')}`),
      })
      .first();
    await fix.waitFor({ timeout: 15_000 });
    // The editor and the Problems panel, whatever width the sidebar has.
    const ed = await page.locator('.part.editor').first().boundingBox();
    await picture(
      page,
      screenshots,
      'quickfix',
      ed ? { x: Math.max(0, ed.x - 4), y: 0, width: ed.width + 8, height: 860 } : undefined,
    );
    await fix.click();
    await editor
      .locator('.view-line', { hasText: `CACHE_PORT=${portOf(config, CONFLICT_SERVICE, 'redis')}` })
      .first()
      .waitFor({ timeout: 15_000 });
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: problemText })
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 });
    await runCommand(page, 'File: Revert File');
    await page.keyboard.press('Control+W');
    await calm(page);
  },
};

const cleanupPalette: UiSuite = {
  name: 'Berth: Clean Stale Ports… from the command palette shows the plan and frees the port the user picks',
  async run({ page, workspace, screenshots, children }) {
    const port = portOf(demoConfig(workspace), CONFLICT_SERVICE, 'http');
    const listener = children.find((c) => c.exitCode === null && c.signalCode === null);
    assert.ok(listener?.pid, 'no planted listener (the Start Stack suite plants it)');
    const exited = new Promise((r) => listener.once('exit', r));
    await runCommand(page, 'Berth: Clean Stale Ports…');
    // Services are offered with their conflicts counted, the conflicting one first.
    const svc = quickPickRows(page).filter({ hasText: CONFLICT_SERVICE }).first();
    await svc.waitFor({ timeout: 20_000 });
    assert.match(await svc.innerText(), /1 port conflict/);
    await svc.click();
    // The plan: the foreign process is listed with its pid, and never preselected.
    const item = quickPickRows(page)
      .filter({ hasText: `pid ${listener.pid}` })
      .first();
    await item.waitFor({ timeout: 30_000 });
    assert.match(await item.innerText(), new RegExp(`\\b${port}\\b`), 'the plan item does not name the port');
    // Titled with the service; a placeholder short enough to stay clear of the "0 Selected" badge.
    const widget = page.locator('.quick-input-widget').first();
    assert.match(
      await widget.locator('.quick-input-title').first().innerText(),
      new RegExp(`Clean Stale Ports of ${CONFLICT_SERVICE} · .*to ask first`),
    );
    assert.equal(
      await widget.locator('.quick-input-box input').first().getAttribute('placeholder'),
      'Check what to clean, then Enter',
    );
    assert.match(await item.innerText(), /Ask first: /, 'the item has no safety note');
    const box = item.locator('input[type="checkbox"], [role="checkbox"]').first();
    assert.equal(await box.isChecked(), false, 'the foreign process is preselected');
    await calm(page);
    const qp = await page.locator('.quick-input-widget').first().boundingBox();
    await picture(
      page,
      screenshots,
      'cleanup-plan',
      qp
        ? { x: Math.max(0, qp.x - 12), y: Math.max(0, qp.y - 8), width: qp.width + 24, height: qp.height + 16 }
        : undefined,
    );
    await item.click();
    await page.keyboard.press('Enter');
    await exited;
    const after = await waitForRowLabel(page, CONFLICT_SERVICE, /^(?!.*held)/);
    assert.doesNotMatch(after, /held/);
    // The summary the user is shown (toasts hide on their own, the notification center keeps it).
    await runCommand(page, 'Notifications: Show Notifications');
    await page
      .locator('.notifications-center .monaco-list-row', {
        hasText: new RegExp(`${CONFLICT_SERVICE}: 1 action done · every port is free`),
      })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  },
};

/** The walkthrough's steps, in order, with whether each shows as complete (Berth: Get Started opens it). */
async function walkthroughSteps(page: Page): Promise<{ id: string; done: boolean }[]> {
  await runCommand(page, 'Berth: Get Started');
  await page
    .locator('.gettingStartedContainer', { hasText: 'Get started with Berth' })
    .first()
    .waitFor({ timeout: 30_000 });
  // Each step's checkbox carries the step id and its completion (aria-checked), as the workbench renders it.
  const boxes = page.locator('.gettingStartedContainer [data-done-step-id]');
  await boxes.first().waitFor({ timeout: 30_000 });
  const out: { id: string; done: boolean }[] = [];
  for (let i = 0; i < (await boxes.count()); i++) {
    const box = boxes.nth(i);
    const id = (await box.getAttribute('data-done-step-id')) ?? '';
    out.push({ id: id.split('#').pop() ?? id, done: (await box.getAttribute('aria-checked')) === 'true' });
  }
  return out;
}

/** Expands a walkthrough step by its title and clicks one of its buttons (a link of its description). */
async function walkthroughButton(page: Page, step: string, button: string): Promise<void> {
  await page.locator('.gettingStartedContainer button.getting-started-step', { hasText: step }).first().click();
  // A link alone on a line of the step's description renders as a button (a link otherwise).
  await page
    .locator('.gettingStartedContainer :is(a, button)', { hasText: new RegExp(`^\\s*${button}\\s*$`) })
    .first()
    .click({ timeout: 15_000 });
}

const walkthroughFresh: UiSuite = {
  name: 'the walkthrough renders its four steps; Start Stack and cleanup are not done yet; its own buttons open berth.yaml and the view',
  async run({ page }) {
    const before = await walkthroughSteps(page);
    assert.deepEqual(
      before.map((s) => s.id),
      ['config', 'tree', 'startStack', 'cleanPorts'],
    );
    assert.deepEqual(
      before.filter((s) => s.id === 'startStack' || s.id === 'cleanPorts').map((s) => s.done),
      [false, false],
    );
    // A berth.yaml that is already there (opened from the step), and the view shown from the step.
    await walkthroughButton(page, 'Create or open berth.yaml', 'Open berth.yaml');
    await page.locator('.tabs-container .tab', { hasText: 'berth.yaml' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+W');
    await walkthroughButton(page, 'See your services', 'Show the Berth view');
    // Their completion is read after the stack and cleanup suites (walkthroughDone), on the same page.
    await calm(page);
  },
};

const walkthroughDone: UiSuite = {
  name: 'after a stack came up and a cleanup freed the ports, every walkthrough step is complete',
  async run({ page, screenshots }) {
    const steps = await walkthroughSteps(page);
    assert.deepEqual(
      steps.map((s) => [s.id, s.done]),
      [
        ['config', true],
        ['tree', true],
        ['startStack', true],
        ['cleanPorts', true],
      ],
    );
    await calm(page);
    const ed = await page.locator('.part.editor').first().boundingBox();
    await picture(page, screenshots, 'walkthrough', ed ?? undefined);
    await page.keyboard.press('Control+W');
    await calm(page);
  },
};

const stopStack: UiSuite = {
  name: 'Berth: Stop Stack from the command palette takes the stack down',
  async run({ page }) {
    await runCommand(page, 'Berth: Stop Stack');
    const svc = quickPickRows(page).filter({ hasText: STACK_SERVICE }).first();
    await svc.waitFor({ timeout: 20_000 });
    await svc.click();
    await waitForRowLabel(page, STACK_SERVICE, /, not running$/, 60_000);
  },
};

export const uiSuites: UiSuite[] = [
  sidebarServices,
  activationTime,
  walkthroughFresh,
  startStackInline,
  portRows,
  followLogs,
  hoverLiveHolder,
  typedConflict,
  cleanupPalette,
  walkthroughDone,
  stopStack,
  logsAfterStop,
  codeLensStack,
  pullProgress,
];
