// What every UI suite gets, and the demo facts they share (which service has a stack, whose port is planted).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig } from '../../../src/core/types';
import type { Page } from '../harness/playwright';

export interface UiContext {
  page: Page;
  workspace: string;
  /** The engine the workbench's Berth uses (berth.engine.host). */
  engineHost: string;
  /** Folder for README pictures (npm run screenshots), else undefined. */
  screenshots?: string;
  numbers: Record<string, unknown>;
  /** Processes a suite started; the runner ends them after the suites. */
  children: ChildProcess[];
}

export interface UiSuite {
  name: string;
  run(ctx: UiContext): Promise<void>;
}

/** The service with a stack in the demo, and the one whose port the cleanup suite occupies. */
export const STACK_SERVICE = 'workflowexecution';
export const CONFLICT_SERVICE = 'notification';

export function demoConfig(workspace: string): BerthConfig {
  const { config, findings } = parseBerthYaml(readFileSync(join(workspace, 'berth.yaml'), 'utf8'));
  if (!config) throw new Error(`the demo's berth.yaml does not parse: ${findings.map((f) => f.message).join('; ')}`);
  return config;
}

export function portOf(config: BerthConfig, service: string, role: string): number {
  const p = config.services.find((s) => s.name === service)?.ports.find((a) => a.role === role)?.port;
  if (p === undefined) throw new Error(`berth.yaml: ${service} has no ${role} port`);
  return p;
}
