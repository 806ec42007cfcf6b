// Where a literal sits, beyond its own binding: inside `docker|podman|kubectl exec` (container-side), after
// `kubectl port-forward` (a host mapping), in a log call's arguments (a message), in a testcontainers
// environment (the container's). Shared by the language rules' engine (facts.ts) and the shell reader.
import { isValidPort } from '../text';
import type { LanguageRules, Sequence } from './types';
import { isLogCallee, lastSegment } from './names';
import type { SyntaxNode } from './syntax';

/** "15441:5432", "127.0.0.1:15441:5432", "15441:5432/tcp": the host port and where it starts. */
export function hostSide(mapping: string): { port: number; start: number; host?: string } | undefined {
  const m = /^(?:(\[[^\]]*\]|[\w.-]+):)?(\d{1,5})(?:-\d{1,5})?:\d{1,5}(?:-\d{1,5})?(?:\/\w+)?$/.exec(mapping);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (!isValidPort(port)) return undefined;
  return { port, start: m[1] ? m[1].length + 1 : 0, ...(m[1] ? { host: m[1].replace(/^\[|\]$/g, '') } : {}) };
}

/** `kubectl port-forward svc/x 18183:80`: the left side of each mapping is bound on the host. */
export function isPortForward(rules: LanguageRules, seq: Sequence): boolean {
  const before = [...(seq.before ?? []), ...seq.items.slice(0, seq.index)];
  return before.some((n) => rules.literal(n)?.value === 'port-forward');
}

/** Arguments after `docker|podman exec` run inside the container: their ports are container-side. */
export function isExecContext(rules: LanguageRules, seq: Sequence): boolean {
  const words = [...(seq.before ?? []), ...seq.items.slice(0, seq.index)].map((n) => rules.literal(n)?.value ?? '');
  const exec = words.lastIndexOf('exec');
  return exec > 0 && words.slice(0, exec).some((w) => ENGINE_COMMAND.test(w));
}

/** Commands whose `exec` runs its arguments inside a container or pod. */
export const ENGINE_COMMAND = /(^|\/)(docker|podman|kubectl|oc)(-compose)?$/;

/** testcontainers' `withEnvironment({...})`, `with_env(…)`, `withEnv(…)`: the container's environment. */
export function isContainerEnvironment(callee: string): boolean {
  return /^(with_?env(ironment)?(_?var(iable)?s?)?)$/i.test(lastSegment(callee));
}

/** Inside the argument of a container-environment call (within the statement). */
export function inContainerEnv(rules: LanguageRules, node: SyntaxNode): boolean {
  return enclosingCalls(rules, node).some(isContainerEnvironment);
}

/**
 * The callees of the calls whose arguments hold `node`, nearest first, within its statement. A builder
 * chain's later calls (`new C().withPorts(18110).withEnv(…)`) take the earlier ones as receiver, not as
 * argument: they are not enclosing calls.
 */
export function enclosingCalls(rules: LanguageRules, node: SyntaxNode): string[] {
  const out: string[] = [];
  let prev = node;
  for (let n = node.parent, depth = 0; n && depth < 12; prev = n, n = n.parent, depth++) {
    if (rules.isStatement(n)) break;
    const callee = rules.calleeOf(n);
    if (callee !== undefined && /argument/.test(prev.type)) out.push(callee);
  }
  return out;
}

/** The nearest enclosing call (through conversions) is a log or print call: its arguments are messages. */
export function inLogCall(rules: LanguageRules, node: SyntaxNode): boolean {
  for (const callee of enclosingCalls(rules, node)) {
    if (isLogCallee(callee)) return true;
    if (!/^(fmt\.Sprintf?|String\.format|format|f)$/.test(callee)) return false;
  }
  return false;
}
