// Small, strict argument parsing shared by the CLI commands (a typed wrapper over node:util parseArgs).
//   const { values, positionals } = parseCommandArgs(args, { root: { type: 'string' }, format: { type: 'string', choices: ['text', 'json'] } });
// Unknown options, missing values, bad choices and extra positionals throw UsageError; commands print
// its message on stderr and exit 2.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from './io';
import { errorText } from '../core/errorText';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Allowed values of a string option. */
  choices?: readonly string[];
  multiple?: boolean;
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? S['multiple'] extends true
    ? boolean[]
    : boolean
  : S['multiple'] extends true
    ? string[]
    : string;
export type ParsedValues<T extends Record<string, OptionSpec>> = { [K in keyof T]?: ValueOf<T[K]> };

export function parseCommandArgs<T extends Record<string, OptionSpec>>(
  args: string[],
  spec: T,
  opts: { maxPositionals?: number } = {},
): { values: ParsedValues<T>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, s] of Object.entries(spec))
    options[name] = { type: s.type, ...(s.short ? { short: s.short } : {}), ...(s.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(
      errorText(e)
        .split('\n')[0]
        .replace(/\. To specify a positional argument.*$/, ''),
    );
  }
  for (const [name, s] of Object.entries(spec)) {
    const v = (parsed.values as Record<string, unknown>)[name];
    if (!s.choices || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) {
      if (!s.choices.includes(one as string))
        throw new UsageError(`--${name} must be one of ${s.choices.join(', ')} (got '${one}')`);
    }
  }
  const max = opts.maxPositionals ?? 0;
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`);
  return { values: parsed.values as ParsedValues<T>, positionals: parsed.positionals };
}

/** The workspace root from `--root DIR` or one positional DIR (not both), resolved against cwd; default cwd. */
export function resolveRoot(rootOption: string | undefined, positionals: string[], cwd: string): string {
  if (rootOption !== undefined && positionals.length > 0)
    throw new UsageError('give the root either as DIR or with --root, not both');
  return resolve(cwd, rootOption ?? positionals[0] ?? '.');
}

/** For a command's catch around its parsing: a UsageError is said with the usage and gives exit 2; anything else is rethrown. */
export function usageFailure(command: string, usage: string, e: unknown, io: CliIo): number {
  if (!(e instanceof UsageError)) throw e;
  io.stderr.write(`berth ${command}: ${e.message}\n${usage}\n`);
  return 2;
}
