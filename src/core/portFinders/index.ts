// Finds host-port references in a file, dispatching on its name. A line holding `berth-ignore`,
// or following one holding `berth-ignore-next-line`, yields nothing. Source code is read through a parser
// (src/host/grammars.ts) when the caller passes one; without it, only its host-side URLs are found.
import type { PortRef } from '../types';
import { isComposeText } from '../composeShape';
import { findComposePorts } from './compose';
import { findEnvPorts } from './env';
import { findSourcePorts, type SourceContext } from './source/index';
import { findTextPorts } from './text';
import { findManifestNodePorts, findYamlJsonPorts } from './yamlJson';

export type { SourceContext } from './source/index';

export type FileKind = 'compose' | 'yaml' | 'json' | 'env' | 'text';

/**
 * A file's kind by its name; given its text, a YAML file of another name is 'compose' when its content
 * has compose's shape (composeShape.ts: deploy/stack.yml).
 */
export function fileKind(path: string, text?: string): FileKind {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (/compose.*\.ya?ml$/.test(name)) return 'compose';
  if (/\.ya?ml$/.test(name)) return text !== undefined && isComposeText(text) ? 'compose' : 'yaml';
  if (/\.json5?$|\.jsonc$/.test(name)) return 'json';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  return 'text';
}

export function findPorts(path: string, text: string, source?: SourceContext): PortRef[] {
  const kind = fileKind(path, text);
  const refs =
    (kind === 'text' && source && findSourcePorts(path, text, source)) ||
    (kind === 'compose'
      ? findComposePorts(text)
      : kind === 'yaml' || kind === 'json'
        ? findYamlJsonPorts(text)
        : kind === 'env'
          ? findEnvPorts(text)
          : findTextPorts(text));
  const ignored = ignoredLines(text);
  return ignored.size === 0 ? refs : refs.filter((r) => !ignored.has(r.range.start.line));
}

/** NodePorts of a YAML/JSON file's Kubernetes manifests (host ports only through a kind config; rules.ts). */
export function findNodePorts(path: string, text: string): PortRef[] {
  const kind = fileKind(path, text);
  if (kind !== 'yaml' && kind !== 'json') return [];
  const ignored = ignoredLines(text);
  return findManifestNodePorts(text).filter((r) => !ignored.has(r.range.start.line));
}

/** Lines silenced by ignore comments (any comment syntax: the marker is searched as plain text). */
export function ignoredLines(text: string): Set<number> {
  const out = new Set<number>();
  let at = text.indexOf('berth-ignore');
  if (at === -1) return out;
  let line = 0;
  let counted = 0;
  while (at !== -1) {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    const nextLine = text.startsWith('berth-ignore-next-line', at);
    out.add(nextLine ? line + 1 : line);
    at = text.indexOf('berth-ignore', at + 1);
  }
  return out;
}
