// What the `berth` task type offers and runs, without VS Code: the tasks per service and the CLI argv of a task
// definition (as written in tasks.json or provided). The provider turns these into vscode.Task objects.
import type { BerthConfig } from '../../core/types';

export const TASK_TYPE = 'berth';
export const TASK_COMMANDS = ['up', 'down', 'run', 'check'] as const;
export type TaskCommand = (typeof TASK_COMMANDS)[number];

/** A `"type": "berth"` task definition: `{ "command": "up", "service": "workflowexecution" }`. */
export interface BerthTaskDefinition {
  type: typeof TASK_TYPE;
  command: TaskCommand;
  service?: string;
  worker?: number;
  /** For run: the test command, argv as given (no shell). */
  args?: string[];
}

/** The tasks offered without tasks.json: up and down for each service with a stack, one check for the workspace. */
export function providedDefinitions(config: BerthConfig): BerthTaskDefinition[] {
  const out: BerthTaskDefinition[] = [];
  for (const s of config.services) {
    if (!s.stack) continue;
    out.push(
      { type: TASK_TYPE, command: 'up', service: s.name },
      { type: TASK_TYPE, command: 'down', service: s.name },
    );
  }
  out.push({ type: TASK_TYPE, command: 'check' });
  return out;
}

/** "up workflowexecution", "run workflowexecution (worker 2)", "check". */
export function taskName(d: BerthTaskDefinition): string {
  const worker = d.worker && d.worker > 1 ? ` (worker ${d.worker})` : '';
  return d.service ? `${d.command} ${d.service}${worker}` : d.command;
}

/**
 * The CLI arguments of a definition, or why it cannot run (said in the task's terminal). `host` is the
 * extension's berth.engine.host: a task talks to the engine the view shows.
 */
export function taskArgv(d: BerthTaskDefinition, host?: string): { argv: string[] } | { error: string } {
  if (!(TASK_COMMANDS as readonly string[]).includes(d.command))
    return { error: `"command" must be one of ${TASK_COMMANDS.join(', ')} (got ${JSON.stringify(d.command)})` };
  if (d.command === 'check') return { argv: ['check', '--format', 'text'] };
  if (typeof d.service !== 'string' || d.service === '')
    return { error: `a berth ${d.command} task needs "service": the name of a service in berth.yaml` };
  const engine = host ? ['--host', host] : [];
  if (d.command !== 'run') return { argv: [d.command, d.service, ...engine] };
  if (!Array.isArray(d.args) || d.args.length === 0 || d.args.some((a) => typeof a !== 'string'))
    return { error: 'a berth run task needs "args": the test command as a list, e.g. ["go", "test", "./..."]' };
  const worker = d.worker === undefined ? [] : ['--worker', String(d.worker)];
  return { argv: ['run', d.service, ...worker, ...engine, '--', ...d.args] };
}
