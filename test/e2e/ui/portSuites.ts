// Port rows as users use them: Open in Browser on the stack's http port (the URL resolved through
// env.asExternalUri reaches the container), Copy URL, and Show Holder on the port a foreign process holds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { CONFLICT_SERVICE, demoConfig, portOf, STACK_SERVICE, type UiSuite } from './context';
import {
  calm,
  contextMenu,
  expandRow,
  openBerthView,
  openFile,
  pictureOf,
  runCommand,
  treeRow,
  waitForRowLabel,
} from './workbench';

/** The line Show Holder's modal and the hover both give for the listener planted on the conflict service's port. */
const plantedHolder = (port: number, pid: number) =>
  new RegExp(`${port} — ${CONFLICT_SERVICE}'s http · now held by pid ${pid} node .*\\(foreign\\)`);

export const portRows: UiSuite = {
  name: 'port rows: Open in Browser resolves the URL through asExternalUri, Copy URL copies it, Show Holder names the foreign process',
  async run({ page, workspace, screenshots, children }) {
    const config = demoConfig(workspace);
    await openBerthView(page);
    await calm(page);
    // The stack the inline Start Stack suite brought up is still healthy: this suite stops nothing.
    await waitForRowLabel(page, STACK_SERVICE, /, (\d+)\/\1 healthy$/, 30_000);
    // Rows first drawn before the stack was up stay collapsed (the view keeps expansion by id).
    await expandRow(page, STACK_SERVICE);
    await expandRow(page, CONFLICT_SERVICE);
    const http = portOf(config, STACK_SERVICE, 'http');
    const row = treeRow(page, `http ${http}`);
    await row.waitFor({ timeout: 20_000 });
    await row.hover();
    const popup = page.context().waitForEvent('page', { timeout: 20_000 });
    await row.locator('.actions .action-label[aria-label="Open in Browser"]').click();
    const opened = await popup;
    // window.open first shows about:blank, then navigates to the resolved URL.
    if (!/^https?:/.test(opened.url())) await opened.waitForURL(/^https?:/, { timeout: 10_000 });
    const url = new URL(opened.url());
    await opened.close();
    // code-server proxies a localhost port under its own origin: the browser reaches the stack through it.
    const base = new URL(page.url());
    assert.equal(url.origin, base.origin, `Open in Browser opened ${url} (workbench at ${base.origin})`);
    assert.match(url.pathname, new RegExp(`/proxy/${http}/?$`));
    const health = await fetch(new URL('health', url.href.endsWith('/') ? url : `${url.href}/`), {
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(health.status, 200, `GET health through ${url} answered ${health.status}`);
    assert.equal((await health.text()).trim(), 'ok');

    await contextMenu(page, row, 'Copy URL');
    await page
      .locator('.part.statusbar', { hasText: `Berth: copied ${url.href}` })
      .first()
      .waitFor({ timeout: 10_000 });

    const listener = children.find((c) => c.exitCode === null && c.signalCode === null);
    assert.ok(listener?.pid, 'no planted listener (the Start Stack suite plants it)');
    const held = portOf(config, CONFLICT_SERVICE, 'http');
    await contextMenu(page, treeRow(page, `http ${held}`), 'Show Holder');
    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ timeout: 10_000 });
    const text = await dialog.innerText();
    assert.match(text, plantedHolder(held, listener.pid));
    assert.match(text, new RegExp(`command line: \\S*node -e require\\('net'\\)`));
    assert.match(text, new RegExp(`user: ${userInfo().username}`));
    assert.match(text, /container: none/);
    await pictureOf(page, screenshots, 'show-holder', dialog);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await calm(page);
  },
};

export const hoverLiveHolder: UiSuite = {
  name: "hovering a port in a config file shows who holds it now, from the view's last scan",
  async run({ page, workspace, screenshots, children }) {
    const port = portOf(demoConfig(workspace), CONFLICT_SERVICE, 'http');
    const listener = children.find((c) => c.exitCode === null && c.signalCode === null);
    assert.ok(listener?.pid, 'no planted listener (the Start Stack suite plants it)');
    const rel = 'test/integration/notification/.env';
    const line = readFileSync(join(workspace, rel), 'utf8')
      .split('\n')
      .findIndex((l) => l.endsWith(`:${port}`));
    assert.ok(line >= 0, `${rel} has no line ending in :${port}`);
    await openFile(page, rel);
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.click();
    // The caret inside the port at the end of its line, then Show or Focus Hover (Ctrl+K Ctrl+I).
    await page.keyboard.press('Control+G');
    await page.keyboard.insertText(String(line + 1));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: `Port ${port}` }).first();
    await hover.waitFor({ timeout: 20_000 });
    const text = await hover.innerText();
    assert.match(text, plantedHolder(port, listener.pid));
    await pictureOf(page, screenshots, 'hover-holder', hover);
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    await calm(page);
  },
};
