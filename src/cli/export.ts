// `berth export kube <service> [--kind] [--out DIR] [--root DIR] [--timeout S]`
// The service's stack (inline or a compose file) as Kubernetes manifests; with --kind also a kind cluster
// config whose extraPortMappings map the service's allocated host ports onto the Services' NodePorts.
// Without --out the manifests go to stdout; what cannot be carried over is said on stderr and in the files.
// Exit 0: exported; 1: the stack cannot be read (located errors); 2: bad usage, unknown service, no stack,
// unusable berth.yaml, or --out not writable.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errorText } from '../core/errorText';
import { readBindSources } from '../kube/files';
import { exportKube } from '../kube/manifests';
import { dnsLabel } from '../kube/names';
import { renderDocuments } from '../kube/render';
import { DEFAULT_STEP_TIMEOUT_MS } from '../stack/options';
import { resolveStack, StackConfigError } from '../stack/resolve';
import { parseCommandArgs, resolveRoot, usageFailure, UsageError } from './args';
import type { CliIo } from './io';
import { openConfig } from './workspace';

export const USAGE = 'usage: berth export kube <service> [--kind] [--out DIR] [--root DIR] [--timeout S]';
const SPEC = {
  kind: { type: 'boolean' },
  out: { type: 'string' },
  root: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, SPEC, { maxPositionals: 2 });
    if (parsed.values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [target, service] = parsed.positionals;
    if (target !== 'kube')
      throw new UsageError(target ? `unknown export target '${target}' (known: kube)` : 'missing target: kube');
    if (!service) throw new UsageError('missing <service>');
    if (parsed.values.kind && parsed.values.out === undefined)
      throw new UsageError('--kind writes the manifests and a kind cluster config: give --out DIR');
    const t = parsed.values.timeout;
    if (t !== undefined && !(Number(t) > 0))
      throw new UsageError(`--timeout must be a positive number of seconds (got '${t}')`);
  } catch (e) {
    return usageFailure('export', USAGE, e, io);
  }
  const { values, positionals } = parsed;
  const name = positionals[1];
  const root = resolveRoot(values.root, [], io.cwd);
  const loaded = await openConfig('export', root, io);
  if (!loaded) return 2;
  const { config } = loaded;
  const svc = config.services.find((s) => s.name === name);
  if (!svc) {
    io.stderr.write(
      `berth export: no service "${name}" in ${config.file} (services: ${config.services.map((s) => s.name).join(', ') || 'none'})\n`,
    );
    return 2;
  }
  if (!svc.stack) {
    io.stderr.write(`berth export: service "${name}" has no stack in ${config.file}: nothing to export\n`);
    return 2;
  }
  let stack;
  try {
    stack = await resolveStack(root, config, name);
  } catch (e) {
    if (!(e instanceof StackConfigError)) throw e;
    io.stderr.write(`berth export: ${e.message}\n`);
    return 1;
  }
  const cluster = values.kind ? (svc.kind?.cluster ?? dnsLabel(name)) : undefined;
  const result = exportKube({
    stack,
    root,
    files: await readBindSources(stack),
    kindCluster: cluster,
    defaultTimeoutMs: values.timeout !== undefined ? Number(values.timeout) * 1000 : DEFAULT_STEP_TIMEOUT_MS,
  });
  const notes = result.notes.map((n) => `note: ${n}`);
  const head = [
    `berth export kube ${name}${cluster ? ' --kind' : ''}: the stack of "${name}" from ${stack.source}`,
    ...notes,
  ];
  const manifests = renderDocuments(head, result.objects);
  for (const n of notes) io.stderr.write(`berth export: ${n}\n`);
  if (values.out === undefined) {
    io.stdout.write(manifests);
    return 0;
  }
  const out = resolve(io.cwd, values.out);
  const files: [string, string][] = [[join(out, `${dnsLabel(name)}.yaml`), manifests]];
  if (result.kindConfig)
    files.push([
      join(out, 'kind-config.yaml'),
      renderDocuments(
        [
          `kind cluster "${cluster}" for "${name}": kind create cluster --config kind-config.yaml`,
          "extraPortMappings: allocated host port → the Service's NodePort on the control plane",
        ],
        [result.kindConfig],
      ),
    ]);
  try {
    await mkdir(out, { recursive: true });
    for (const [path, text] of files) await writeFile(path, text);
  } catch (e) {
    io.stderr.write(`berth export: cannot write ${out}: ${errorText(e)}\n`);
    return 2;
  }
  for (const [path] of files) io.stdout.write(`wrote ${path}\n`);
  return 0;
}
