// YAML or JSON written inside a source string (a Go raw string, a template literal, a Python triple-quoted
// string): the config finders read it, and their positions are returned as offsets into the string.
import type { PortRef, PortRefKind } from '../../types';
import { LineIndex } from '../../text';
import { findComposePorts } from '../compose';
import { findYamlJsonPorts } from '../yamlJson';

export interface EmbeddedRef {
  kind: PortRefKind;
  port: number;
  /** Offsets into the string's value. */
  from: number;
  to: number;
  host?: string;
}

/** The port references of a string that reads as YAML or JSON; undefined when it reads as neither. */
export function embeddedPorts(value: string): EmbeddedRef[] | undefined {
  const json = /^\s*[{[]/.test(value);
  const yaml = /^[ \t]*(- )?["']?[\w.-]+["']?[ \t]*:([ \t]|$)/m.test(value);
  if (!json && !yaml) return undefined;
  const refs: PortRef[] = /^[ \t]*["']?ports["']?[ \t]*:/m.test(value)
    ? findComposePorts(value)
    : findYamlJsonPorts(value);
  const index = new LineIndex(value);
  return refs.map((r) => ({
    kind: r.kind,
    port: r.port,
    from: index.offsetAt(r.range.start),
    to: index.offsetAt(r.range.end),
    ...(r.host ? { host: r.host } : {}),
  }));
}
