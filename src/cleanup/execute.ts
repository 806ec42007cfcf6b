// Acting on a confirmed cleanup plan: only items that are in the plan AND selected, in a safe order
// (containers first, since removing one releases its forwarders; gvproxy itself last), then one
// re-scan that tells, port by port, free / served / still held and by what.
import { errorText } from '../core/errorText';
import type { BerthConfig } from '../core/types';
import type { Engine } from '../engine/connection';
import { listEngineContainers, withServices } from '../engine/containers';
import { GvproxyApi, GvproxyApiError, type GvproxyApiOptions } from '../host/gvproxy';
import { scanAttributed } from '../host/portScan';
import { withServiceLock } from '../host/serviceLock';
import type { Container } from '../model/container';
import type { PortHolder } from '../model/holder';
import { terminateProcess, type TerminateResult } from '../host/terminate';
import { holderScanOn, terminateRemote } from '../host/remoteHost';
import { portVerdict } from './decide';
import type { ActionResult, CleanupAction, CleanupItem, CleanupPlan, CleanupReport, PortReport } from './model';

export interface ExecuteOptions {
  /** Needed to remove containers and to tell "served by this service" in the re-scan. */
  engine?: Engine;
  /** Lets the re-scan match containers by declared names too (labels are used without it). */
  config?: BerthConfig;
  /** SIGTERM → SIGKILL grace period (default 3000 ms). */
  graceMs?: number;
  protectedPids?: Iterable<number>;
  gvproxy?: GvproxyApiOptions;
  scan?: (ports: number[]) => Promise<Map<number, PortHolder[]>>;
  onProgress?: (result: ActionResult, done: number, total: number) => void;
  /** Aborted (Ctrl-C): the action under way finishes, the rest are skipped, and the report says so. */
  signal?: AbortSignal;
  /**
   * Hold the service's lock while acting (shared with up/down/run, across processes): who is cleaning, for
   * waiters; wait false fails at once with LockBusyError. Without it no lock is taken (tests of the planner).
   */
  lock?: { caller: string; wait?: boolean; dir?: string; onWait?: (message: string) => void };
}

/** How long the re-scan waits for released sockets to disappear. */
const SETTLE_MS = 3000;

const ORDER: CleanupAction[] = ['remove-container', 'unexpose-forward', 'terminate-process', 'kill-gvproxy'];

function fromTerminate(item: CleanupItem, r: TerminateResult): ActionResult {
  const outcome =
    r.outcome === 'terminated' || r.outcome === 'killed'
      ? 'done'
      : r.outcome === 'already-exited'
        ? 'already-gone'
        : r.outcome;
  return { id: item.id, action: item.action, outcome, detail: `pid ${r.pid}: ${r.detail}` };
}

async function removeContainer(item: CleanupItem, engine: Engine | undefined): Promise<ActionResult> {
  const c = item.container!;
  const res = (outcome: ActionResult['outcome'], detail: string): ActionResult => ({
    id: item.id,
    action: item.action,
    outcome,
    detail,
  });
  if (!engine) return res('failed', `no engine to remove container ${c.name} with`);
  try {
    // Force only when the plan saw it running (unhealthy / restarting): a leftover is removed as it is.
    const force = c.state === 'running' || c.state === 'restarting';
    if (!(await engine.remove(c.id, { force, keepVolumes: true })))
      return res('already-gone', `container ${c.name} was already removed`);
    return res('done', `removed container ${c.name}`);
  } catch (e) {
    return res('failed', `removing container ${c.name}: ${errorText(e)}`);
  }
}

async function unexposeForward(item: CleanupItem, opts: ExecuteOptions): Promise<ActionResult> {
  const f = item.forward!;
  const res = (outcome: ActionResult['outcome'], detail: string): ActionResult => ({
    id: item.id,
    action: item.action,
    outcome,
    detail,
  });
  const on = opts.engine?.host;
  // The API is reached from this machine; a remote engine's forward is never unexposed here (the plan says so).
  if (on && on.kind !== 'local')
    return res('refused', `unexposing a gvproxy forward is not available for remote engines (${on.name})`);
  const api = new GvproxyApi(opts.gvproxy);
  try {
    // Re-read /all: the entry must still be there with the very same local bytes.
    const now = await api.list();
    if (!now.some((x) => x.local === f.local && x.protocol === f.protocol))
      return res('already-gone', `forward ${f.protocol}/${f.local} was already gone`);
    await api.unexpose(f.local, f.protocol);
    return res('done', `unexposed ${f.protocol}/${f.local} → ${f.remote}`);
  } catch (e) {
    if (e instanceof GvproxyApiError && e.status === 500 && /proxy not found/.test(e.message)) {
      return res('already-gone', `forward ${f.protocol}/${f.local} was already gone (proxy not found)`);
    }
    return res('failed', errorText(e));
  }
}

async function act(item: CleanupItem, opts: ExecuteOptions): Promise<ActionResult> {
  switch (item.action) {
    case 'remove-container':
      return removeContainer(item, opts.engine);
    case 'unexpose-forward':
      return unexposeForward(item, opts);
    case 'terminate-process':
    case 'kill-gvproxy': {
      const h = item.holder!;
      const on = opts.engine?.host;
      // A remote engine's holder runs on its machine: ended there through ssh, never here.
      if (on && on.kind !== 'local') {
        const shell = opts.engine?.shell;
        if (!shell)
          return {
            id: item.id,
            action: item.action,
            outcome: 'refused',
            detail: `no way in to ${on.name} (tcp engine)`,
          };
        return fromTerminate(
          item,
          await terminateRemote(shell, h.pid, { graceMs: opts.graceMs, expectCmdline: h.cmdline }),
        );
      }
      return fromTerminate(
        item,
        await terminateProcess(h.pid, {
          graceMs: opts.graceMs,
          protectedPids: opts.protectedPids,
          expectCmdline: h.cmdline,
        }),
      );
    }
    default:
      return { id: item.id, action: item.action, outcome: 'refused', detail: 'nothing to do' };
  }
}

/** (port, pid) pairs an action should make disappear, so the re-scan knows what to wait for. */
function expectedGone(plan: CleanupPlan, done: CleanupItem[]): Set<string> {
  const out = new Set<string>();
  for (const item of done) {
    if (item.action === 'remove-container') {
      // The container's forwarders (docker-proxy, conmon …) go with it.
      for (const p of plan.ports) {
        if (!item.ports.includes(p.port)) continue;
        for (const h of p.holders ?? [])
          if (h.kind !== 'process' && h.kind !== 'gvproxy') out.add(`${h.port}/${h.pid}`);
      }
    } else if (item.holder) {
      for (const p of item.ports) out.add(`${p}/${item.holder.pid}`);
    }
  }
  return out;
}

export async function executeCleanup(
  plan: CleanupPlan,
  selectedItemIds: string[],
  opts: ExecuteOptions = {},
): Promise<CleanupReport> {
  const lock = opts.lock;
  if (!lock) return actOnPlan(plan, selectedItemIds, opts);
  return withServiceLock(
    {
      service: plan.service,
      action: 'clean',
      what: lock.caller,
      wait: lock.wait,
      dir: lock.dir,
      signal: opts.signal,
      onWait: lock.onWait,
    },
    () => actOnPlan(plan, selectedItemIds, opts),
  );
}

async function actOnPlan(plan: CleanupPlan, selectedItemIds: string[], opts: ExecuteOptions): Promise<CleanupReport> {
  const selected = new Set(selectedItemIds);
  const ignored: CleanupReport['ignored'] = [];
  const known = new Map(plan.items.map((i) => [i.id, i]));
  for (const id of selected) {
    const item = known.get(id);
    if (!item) ignored.push({ id, reason: 'not in the plan' });
    else if (item.action === 'none') ignored.push({ id, reason: `nothing to do: ${item.why}` });
  }
  const todo = plan.items
    .filter((i) => selected.has(i.id) && i.action !== 'none')
    .sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action));

  const actions: ActionResult[] = [];
  for (const item of todo) {
    let r: ActionResult;
    if (opts.signal?.aborted) {
      actions.push({ id: item.id, action: item.action, outcome: 'skipped', detail: 'skipped: interrupted' });
      continue;
    }
    try {
      r = await act(item, opts);
    } catch (e) {
      r = { id: item.id, action: item.action, outcome: 'failed', detail: errorText(e) };
    }
    actions.push(r);
    opts.onProgress?.(r, actions.length, todo.length);
  }

  // Re-scan: wait (bounded) until what was acted on has let go, then report every port.
  const acted = todo.filter((_, i) => actions[i].outcome === 'done' || actions[i].outcome === 'already-gone');
  const gone = expectedGone(plan, acted);
  // What may still hold a port we acted on: what the plan saw there, minus what should be gone. A holder
  // outside that (pid 0: a socket whose owner just exited, as the kernel finishes closing it) is waited out.
  const remaining = new Map<number, Set<number>>();
  for (const key of gone) {
    const port = Number(key.split('/')[0]);
    const seen = plan.ports.find((p) => p.port === port)?.holders ?? [];
    remaining.set(port, new Set(seen.map((h) => h.pid).filter((pid) => !gone.has(`${port}/${pid}`))));
  }
  const unsettled = (m: Map<number, PortHolder[]>) =>
    [...remaining].some(([port, ok]) =>
      (m.get(port) ?? []).some((h) => gone.has(`${port}/${h.pid}`) || !ok.has(h.pid)),
    );
  const onHost = opts.engine && holderScanOn(opts.engine.host, opts.engine.shell);
  const scan = (ports: number[]) => scanAttributed(ports, opts.scan ?? onHost);
  const portList = plan.ports.map((p) => p.port);
  const deadline = Date.now() + SETTLE_MS;
  let holders = await scan(portList);
  for (let step = 10; unsettled(holders) && Date.now() < deadline; step = Math.min(step * 2, 200)) {
    await new Promise((r) => setTimeout(r, step));
    holders = await scan(portList);
  }
  let containers: Container[] | undefined;
  if (opts.engine) {
    try {
      containers = withServices(await listEngineContainers(opts.engine), opts.config);
    } catch {
      // Without the list nobody can tell a forwarder for our own container from a stale one: "held", the safe side.
    }
  }
  const evidence = { containers: containers ?? [], engine: containers ? opts.engine?.kind : undefined };
  const ports = plan.ports.map((p): PortReport => {
    const now = holders.get(p.port) ?? [];
    const v = portVerdict(opts.config, plan.service, p.port, now, evidence);
    return {
      port: p.port,
      role: p.role,
      holders: now,
      state: v.state,
      verdict: v.verdict,
      detail: v.state === 'held' ? `still ${v.detail}` : v.detail,
    };
  });
  const interrupted = opts.signal?.aborted ? { interrupted: true } : {};
  return {
    service: plan.service,
    actions,
    ignored,
    ports,
    allFree: ports.every((p) => p.state !== 'held'),
    ...interrupted,
  };
}
