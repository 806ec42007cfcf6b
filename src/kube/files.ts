// The files a stack bind-mounts, read so that export can carry them as ConfigMaps: text as data, anything
// else as binaryData; a directory, a missing file or one beyond a ConfigMap's 1 MiB is said, not carried.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { errorText } from '../core/errorText';
import type { ResolvedStack } from '../stack/resolve';

export type BindContent =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; base64: string }
  | { kind: 'directory' }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'unreadable'; error: string };

/** A ConfigMap holds at most 1 MiB. */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** A bind entry `SRC:TARGET[:MODE]` (SRC absolute, as resolveStack leaves it). */
export function splitBind(bind: string): { source: string; target: string; readOnly: boolean } {
  const parts = bind.split(':');
  const mode = parts.length > 2 ? parts[parts.length - 1] : '';
  const target = parts.length > 2 ? parts.slice(1, -1).join(':') : (parts[1] ?? '');
  return { source: parts[0], target, readOnly: mode.split(',').includes('ro') };
}

export async function readBindSources(stack: ResolvedStack): Promise<Map<string, BindContent>> {
  const out = new Map<string, BindContent>();
  for (const step of stack.steps)
    for (const bind of step.binds) {
      const { source } = splitBind(bind);
      if (!isAbsolute(source) || out.has(source)) continue;
      out.set(source, await readBind(source));
    }
  return out;
}

async function readBind(path: string): Promise<BindContent> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) return { kind: 'directory' };
    if (st.size > CONFIGMAP_MAX_BYTES) return { kind: 'too-large', bytes: st.size };
    const bytes = await readFile(path);
    const text = new TextDecoder('utf-8', { fatal: true });
    try {
      return { kind: 'text', text: text.decode(bytes) };
    } catch {
      return { kind: 'binary', base64: bytes.toString('base64') };
    }
  } catch (e) {
    return { kind: 'unreadable', error: errorText(e) };
  }
}
