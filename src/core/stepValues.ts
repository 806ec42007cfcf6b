// Values of the compose-like keys that berth.yaml steps and compose services spell and mean alike (image,
// build, command, environment, volumes …), read into a StepDef with located findings. Pure; never throws.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Range, StepDef } from './types';
import { readString, scalarValue, type YamlReader } from './yamlReader';

/** Splits a command string like a POSIX shell would for plain words and quotes (no expansion). */
export function splitCommand(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** command / entrypoint: a list of words or one string split like a shell. */
export function readCommand(node: unknown, sink: YamlReader, what: string): string[] | undefined {
  if (isSeq(node)) {
    const words: string[] = [];
    for (const item of node.items) {
      const w = readString(item, sink, `each word of ${what}`);
      if (w !== undefined) words.push(w);
    }
    return words;
  }
  const s = readString(node, sink, `${what} (a string or a list of words)`);
  return s === undefined ? undefined : splitCommand(s);
}

function readStringList(node: unknown, sink: YamlReader, what: string): string[] {
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of node.items) {
      const s = readString(item, sink, `each entry of ${what}`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const s = readString(node, sink, `${what} (a string or a list)`);
  return s === undefined ? [] : [s];
}

/** environment / labels / build args: a map, or a list of "KEY=value" (compose's two forms). */
function readKeyValues(node: unknown, sink: YamlReader, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = readString(pair.key, sink, `a key of ${what}`);
      if (key === undefined) continue;
      const v = pair.value;
      if (v === null || scalarValue(v) === null) out[key] = '';
      else {
        const s = readString(v, sink, `${what}.${key}`);
        if (s !== undefined) out[key] = s;
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const s = readString(item, sink, `each entry of ${what}`);
      if (s === undefined) continue;
      const eq = s.indexOf('=');
      if (eq <= 0) sink.add(item, `${what} entry "${s}" must look like KEY=value`, 'schema');
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else sink.add(node, `${what} must be a map or a list of KEY=value`, 'schema');
  return out;
}

/** Durations: a number of seconds, or "500ms", "30s", "2m", "1m30s". */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.round(v * 1000);
  if (typeof v !== 'string') return undefined;
  const m =
    /^\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m(?!s))?\s*(?:(\d+(?:\.\d+)?)s)?\s*(?:(\d+(?:\.\d+)?)ms)?\s*$/.exec(
      v,
    );
  if (!m || m.slice(1).every((x) => x === undefined)) {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : undefined;
  }
  const [h, min, s, ms] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const total = ((h * 60 + min) * 60 + s) * 1000 + ms;
  return total > 0 ? Math.round(total) : undefined;
}

export function readDuration(node: unknown, sink: YamlReader, what: string): number | undefined {
  const ms = parseDuration(scalarValue(node));
  if (ms === undefined)
    sink.add(node, `${what} must be a duration such as 30s, 500ms or 2m (or a number of seconds)`, 'schema');
  return ms;
}

function readBuild(node: unknown, sink: YamlReader): StepDef['build'] {
  if (isScalar(node)) {
    const context = readString(node, sink, 'build');
    return context === undefined ? undefined : { context };
  }
  if (!isMap(node)) {
    sink.add(node, 'build must be a path or a map {context, dockerfile, args}', 'schema');
    return undefined;
  }
  let context = '.';
  let dockerfile: string | undefined;
  let args: Record<string, string> | undefined;
  for (const pair of node.items) {
    const key = scalarValue(pair.key);
    if (key === 'context') context = readString(pair.value, sink, 'build.context') ?? context;
    else if (key === 'dockerfile') dockerfile = readString(pair.value, sink, 'build.dockerfile');
    else if (key === 'args') args = readKeyValues(pair.value, sink, 'build.args');
    else
      sink.add(pair.key, `unknown key build.${String(key)} (expected context, dockerfile, args)`, 'schema', 'warning');
  }
  return { context, dockerfile, args };
}

/** A step with every list/map key empty. */
export function emptyStep(name: string, range: Range): StepDef {
  return {
    name,
    ports: [],
    environment: {},
    envFile: [],
    volumes: [],
    labels: {},
    dependsOn: [],
    runOnce: false,
    range,
  };
}

/** Keys berth.yaml steps and compose services spell and mean alike; false when `key` is not one of them. */
export function readCommonStepKey(step: StepDef, key: unknown, v: unknown, sink: YamlReader): boolean {
  switch (key) {
    case 'image':
      step.image = readString(v, sink, 'image');
      return true;
    case 'build':
      step.build = readBuild(v, sink);
      return true;
    case 'container_name':
      step.containerName = readString(v, sink, 'container_name');
      return true;
    case 'environment':
      step.environment = readKeyValues(v, sink, 'environment');
      return true;
    case 'env_file':
      step.envFile = readStringList(v, sink, 'env_file');
      return true;
    case 'command':
      step.command = readCommand(v, sink, 'command');
      return true;
    case 'entrypoint':
      step.entrypoint = readCommand(v, sink, 'entrypoint');
      return true;
    case 'volumes':
      step.volumes = readStringList(v, sink, 'volumes');
      return true;
    case 'labels':
      step.labels = readKeyValues(v, sink, 'labels');
      return true;
    default:
      return false;
  }
}
