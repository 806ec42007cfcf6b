// CodeLenses in berth.yaml: "Start stack" above the service brings its stack up (the tree row turns healthy and the
// lens shows the roll-up), "Stop" takes it down.
import assert from 'node:assert/strict';
import { demoConfig, STACK_SERVICE, type UiSuite } from './context';
import { calm, picture, runCommand, waitForRowLabel } from './workbench';

export const codeLensStack: UiSuite = {
  name: 'the "Start stack" CodeLens above a service in berth.yaml starts its stack; "Stop" stops it',
  async run({ page, workspace, screenshots }) {
    // Opened from the palette (the log terminal the previous suite focused takes Quick Open's Ctrl+P).
    await runCommand(page, 'Berth: Reveal Allocation in berth.yaml');
    await page.locator('.tabs-container .tab.active', { hasText: 'berth.yaml' }).first().waitFor({ timeout: 15_000 });
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    // Scrolled to the service: the editor renders only the lenses in view.
    const line = demoConfig(workspace).services.find((d) => d.name === STACK_SERVICE)!.range.start.line;
    await editor.click();
    await page.keyboard.press('Control+G');
    await page.keyboard.insertText(String(line + 1));
    await page.keyboard.press('Enter');
    const lens = (title: string) => editor.locator('.codelens-decoration a', { hasText: title }).first();
    await lens('Start stack').waitFor({ timeout: 30_000 });
    await lens('Start stack').click();
    await waitForRowLabel(page, STACK_SERVICE, /, (\d+)\/\1 healthy$/, 180_000);
    // The roll-up lens follows the view.
    const rollup = editor.locator('.codelens-decoration', { hasText: 'Start stack' }).first();
    await page.waitForFunction(
      `(() => [...document.querySelectorAll('.codelens-decoration')].some((d) => /Start stack.*Stop.*Clean stale ports.*(\\d+)\\/\\1 healthy/.test(d.textContent)))()`,
      undefined,
      { timeout: 30_000, polling: 250 },
    );
    assert.match(await rollup.innerText(), /Stop/);
    await calm(page);
    await picture(page, screenshots, 'codelens', (await editor.boundingBox()) ?? undefined);
    await lens('Stop').click();
    await waitForRowLabel(page, STACK_SERVICE, /, not running$/, 60_000);
    await runCommand(page, 'View: Close All Editors');
  },
};
