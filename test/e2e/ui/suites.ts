// The UI suites, run in order on one workbench (later ones build on the state earlier ones leave).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig } from '../../../src/core/types';
import type { Page } from '../harness/playwright';
import { calm, openBerthView, picture, runCommand, sidebarRow } from './workbench';

export interface UiContext {
  page: Page;
  workspace: string;
  /** Folder for README pictures (npm run screenshots), else undefined. */
  screenshots?: string;
  numbers: Record<string, unknown>;
}

export interface UiSuite {
  name: string;
  run(ctx: UiContext): Promise<void>;
}

export function demoConfig(workspace: string): BerthConfig {
  const { config, findings } = parseBerthYaml(readFileSync(join(workspace, 'berth.yaml'), 'utf8'));
  if (!config) throw new Error(`the demo's berth.yaml does not parse: ${findings.map((f) => f.message).join('; ')}`);
  return config;
}

const sidebarServices: UiSuite = {
  name: 'clicking the Berth icon in the activity bar shows the services',
  async run({ page, workspace }) {
    await openBerthView(page);
    for (const s of demoConfig(workspace).services) {
      await sidebarRow(page, new RegExp(`^\\s*${s.name}\\b`)).waitFor({ timeout: 30_000 });
    }
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

export const uiSuites: UiSuite[] = [sidebarServices, activationTime];

