// `berth status [DIR] [--root DIR] [--json] [--host URL]`: the engine, every service with its ports
// (who holds each) and containers (state, health, uptime), then each parallel worker's own stack. Exit 0; 1 when
// the engine named by --host, the setting, DOCKER_HOST or a context does not answer (no other engine is shown);
// 2 when berth.yaml is unusable or on bad usage. Without a named engine, finding none is output, not an error.
import { connectEngine, namedHost, type Engine } from '../engine/connection';
import { holderScanOn } from '../host/remoteHost';
import type { HolderScan } from '../host/portScan';
import { readSnapshot } from '../engine/state';
import type { EngineStatus } from '../engine/state';
import { scanAllocated } from '../host/portScan';
import { interruptedRuns } from '../host/serviceLock';
import { uptimeText } from '../model/containerText';
import { engineHostText } from '../model/engineHost';
import { buildStatus, healthyText, type ContainerStatus, type StatusModel } from '../model/status';
import { parseCommandArgs, resolveRoot, usageFailure } from './args';
import type { CliIo } from './io';
import { openConfig } from './workspace';

export const USAGE = 'usage: berth status [DIR] [--root DIR] [--json] [--host URL]';

export async function run(args: string[], io: CliIo): Promise<number> {
  let root: string;
  let json: boolean;
  let host: string | undefined;
  try {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        root: { type: 'string' },
        json: { type: 'boolean' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      { maxPositionals: 1 },
    );
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    root = resolveRoot(values.root, positionals, io.cwd);
    json = values.json === true;
    host = values.host || process.env.BERTH_ENGINE_HOST || undefined;
  } catch (e) {
    return usageFailure('status', USAGE, e, io);
  }

  const loaded = await openConfig('status', root, io);
  if (!loaded) return 2;
  const { ws, config } = loaded;

  // The holders are the engine's machine's: connect first, then scan there (this machine only for a local engine).
  let engine: Engine | undefined;
  const snapshot = await readSnapshot(config, async () => (engine = await connectEngine({ host })));
  const scan = await scanAllocated(config, holdersOf(engine, snapshot.engine, host));
  const connected = snapshot.engine.state === 'connected';
  const interrupted = await interruptedRuns(
    config.services.map((s) => s.name),
    connected ? snapshot.services : undefined,
  );
  const model = buildStatus(config, snapshot, scan.holders, scan.error, interrupted);
  const problems = ws.parse.findings.filter((f) => f.severity === 'error').length;
  if (json)
    io.stdout.write(JSON.stringify({ root, config: ws.configPath, configErrors: problems, ...model }, null, 2) + '\n');
  else
    io.stdout.write(
      formatStatus(model, Date.now()) + (problems ? `\n${ws.configPath}: ${problems} error(s); run berth check\n` : ''),
    );
  return model.engine.state === 'unreachable' && model.engine.explicit ? 1 : 0;
}

/** The scan for the engine's machine; for a named remote engine that did not answer, one that says so. */
function holdersOf(engine: Engine | undefined, status: EngineStatus, host: string | undefined): HolderScan | undefined {
  if (engine && status.state === 'connected') return holderScanOn(engine.host, engine.shell);
  const named = namedHost({ host });
  if (!named || named.kind === 'local') return undefined;
  return Object.assign(() => Promise.reject(new Error(`the engine's machine ${named.name} did not answer`)), {
    remote: true,
  });
}

/** "name  running · healthy  up 3m  image  21200→8080": the same words as the tree's container rows. */
function containerLine(c: ContainerStatus, now: number): string {
  const ports = c.ports.map((p) => `${p.hostPort}→${p.containerPort}`).join(', ');
  return [c.name, c.summary, uptimeText(c, now), c.image, ports].filter(Boolean).join('  ');
}

function table(rows: string[][], indent: string): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}

/** Plain text for terminals: one block per service. */
export function formatStatus(model: StatusModel<EngineStatus>, now: number): string {
  const lines: string[] = [];
  const e = model.engine;
  if (e.state === 'connected') {
    const on = engineHostText(e.host);
    lines.push(
      `engine: ${e.kind} ${e.version} (API ${e.apiVersion})${on ? ` on ${on}` : ''} at ${e.socket} [${e.source}]`,
    );
    for (const t of e.skipped) lines.push(`  skipped ${t.source}: ${t.target}: ${t.error}`);
  } else if (e.state === 'unreachable') {
    lines.push(`engine: unreachable — ${e.reason}`);
    for (const t of e.tried) lines.push(`  tried ${t.source}: ${t.target}: ${t.error}`);
    if (e.explicit) lines.push('  that engine was named, so no other one was tried');
    else lines.push('  set DOCKER_HOST or pass --host unix:///path/to/engine.sock');
  } else lines.push('engine: connecting');
  if (model.holderError) lines.push(`port holders: not scanned (${model.holderError})`);
  for (const s of model.services) {
    lines.push('', `${s.name}  ${s.health}  ${s.summary}${s.inConfig ? '' : '  (not in berth.yaml)'}`);
    if (s.ports.length) {
      lines.push('  ports:');
      lines.push(
        ...table(
          s.ports.map((p) => [p.role, String(p.port), p.state, p.detail === p.state ? '' : p.detail]),
          '    ',
        ),
      );
    }
    if (s.containers?.length) {
      lines.push('  containers:');
      lines.push(...s.containers.map((c) => `    ${containerLine(c, now)}`));
    }
    for (const w of s.workers) {
      lines.push(
        `  worker ${w.worker}  ${w.health}  ${w.summary}${w.ports.length ? `  ports ${w.ports.join(', ')}` : ''}`,
      );
      lines.push(...w.containers.map((c) => `    ${containerLine(c, now)}`));
    }
  }
  lines.push('', healthyText(model.services));
  return lines.join('\n') + '\n';
}
