// Live logs in a terminal: Follow Logs on a container row shows its tail with timestamps, then a line the
// container writes after the terminal opened; Follow Stack Logs interleaves every step with `step | ` prefixes;
// after Stop Stack the terminal says following stopped.
import assert from 'node:assert/strict';
import { connectEngine } from '../../../src/engine/connection';
import { testEngines } from '../../support/engines';
import { STACK_SERVICE, type UiSuite } from './context';
import {
  calm,
  contextMenu,
  expandRow,
  openBerthView,
  picture,
  runCommand,
  treeRow,
  waitForTerminalText,
} from './workbench';

const STAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /;

/** Writes a line to the stack step's container output (its PID 1's stdout), as the service itself would. */
async function writeToStep(step: string, line: string): Promise<void> {
  const engine = await connectEngine({ host: testEngines()[0]!.host, timeoutMs: 5000 });
  try {
    const c = (await engine.containers({ label: `berth.service=${STACK_SERVICE}` })).find(
      (x) => x.labels['berth.step'] === step && x.state === 'running',
    );
    assert.ok(c, `no running ${step} container of ${STACK_SERVICE}`);
    const r = await engine.exec(c.id, ['sh', '-c', `echo ${line} > /proc/1/fd/1`], 10_000);
    assert.equal(r.exitCode, 0, `writing to ${step}'s output failed: ${r.output}`);
  } finally {
    engine.close();
  }
}

export const followLogs: UiSuite = {
  name: 'Follow Logs shows a container tail with timestamps and then live lines; Follow Stack Logs prefixes each step',
  async run({ page, screenshots }) {
    await openBerthView(page);
    await expandRow(page, STACK_SERVICE);
    const redis = treeRow(page, 'redis');
    await redis.waitFor({ timeout: 20_000 });
    await redis.hover();
    await redis.locator('.actions .action-label[aria-label="Follow Logs"]').click();
    await waitForTerminalText(page, /Ready to accept connections/);
    // Room for a whole stack's tails (the workspace sets berth.logs.tail to 5): xterm then shows earlier rows too.
    await runCommand(page, 'View: Toggle Maximized Panel');
    const tail = await waitForTerminalText(page, /── following \S*redis\S* from the last 5 lines/);
    assert.match(tail, new RegExp(`${STAMP.source}.*Ready to accept connections`));
    const marker = `berth-live-line-${process.pid}-${Date.now()}`;
    await writeToStep('redis', marker);
    const live = await waitForTerminalText(page, new RegExp(marker));
    assert.match(live, new RegExp(`${STAMP.source}${marker}`));

    await contextMenu(page, treeRow(page, STACK_SERVICE), 'Follow Stack Logs');
    const steps = ['postgres', 'redis', 'migrations', 'datastorage'];
    // Every step's lines, each after its name padded to the widest: `postgres    | …`.
    await waitForTerminalText(page, new RegExp(steps.map((st) => `(?=[\\s\\S]*^${st} +\\| )`).join(''), 'm'));
    const panel = await page.locator('.part.panel').first().boundingBox();
    await calm(page);
    await picture(page, screenshots, 'stack-logs', panel ?? undefined);
    await runCommand(page, 'View: Toggle Maximized Panel');
  },
};

export const logsAfterStop: UiSuite = {
  name: "after Stop Stack the stack's log terminal says following stopped",
  async run({ page }) {
    await runCommand(page, 'Terminal: Focus on Terminal View');
    const text = await waitForTerminalText(page, /── following stopped/, 60_000);
    // Rows wrap where the terminal is narrow (a space at the wrap is lost): the notice is read without whitespace.
    assert.match(text.replace(/\s+/g, ''), /redis\|──\S+(wasremoved|exited\(exit\d+\))—followingstopped/);
  },
};
