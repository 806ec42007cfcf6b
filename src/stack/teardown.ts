// Taking a stack down: what a failed or cancelled run created (unless kept for debugging), and Stop Stack
// (dependents first, then the network; named volumes only when asked). A removal that fails is reported.
import { performance } from 'node:perf_hooks';
import { errorText } from '../core/errorText';
import { planWaves } from '../core/planner';
import { LABEL_SERVICE, ofWorker } from '../engine/labels';
import { scanHolders } from '../host/holders';
import type { HolderScan } from '../host/portScan';
import { holderScanOn } from '../host/remoteHost';
import type { Container } from '../model/container';
import type { StackEvent, StopResult } from './events';
import { labelledOfWorker, networkName, removeNetworkIfUnused } from './network';
import type { StopOptions } from './options';
import { stepOf } from './reuse';
import type { StartRun } from './startRun';

/** Removes what this run created, newest first, then the stack's network once nothing is attached. */
export async function removeCreated(run: StartRun): Promise<void> {
  if (run.opts.keepOnFailure) return;
  run.emit({ type: 'stack', phase: 'cleanup', detail: `removing ${run.created.length} container(s) this run created` });
  for (const c of [...run.created].reverse()) {
    try {
      await run.engine.remove(c.id, { force: true });
    } catch (e) {
      run.warn(`could not remove container ${c.name}`, e);
      continue;
    }
    const o = run.outcomes.get(c.step);
    if (o && o.state !== 'failed') o.state = 'removed';
    run.emit({ type: 'step', step: c.step, phase: 'removed', detail: c.name });
  }
  // Also a network an earlier kept run left.
  await removeNetworkIfUnused(run.engine, run.net).catch((e) => run.warn(`could not remove network ${run.net}`, e));
}

/** Stops and removes the stack's containers (dependents first) and its network; named volumes only if asked. */
export async function runStop(opts: StopOptions): Promise<StopResult> {
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const emit = (e: Omit<StackEvent, 'at'>) => {
    try {
      opts.onEvent?.({ ...e, at: at() });
    } catch {
      // listener bugs do not stop the stop
    }
  };
  const { engine, service } = opts;
  const worker = opts.worker ?? 1;
  const res: StopResult = { ok: true, service, removed: [], errors: [], warnings: [] };
  const warn = (what: string, e: unknown) => {
    res.warnings.push(`${what}: ${errorText(e)}`);
    emit({ type: 'stack', phase: 'warning', detail: res.warnings.at(-1) });
  };
  const label = `${LABEL_SERVICE}=${service}`;
  let list: Container[];
  try {
    list = ofWorker(await engine.containers({ label }), worker);
  } catch (e) {
    return { ...res, ok: false, errors: [`${engine.kind} at ${engine.socket} did not answer: ${errorText(e)}`] };
  }
  const steps = opts.config?.services.find((s) => s.name === service)?.stack?.steps ?? [];
  // Reverse waves: rank 0 is the last wave. Unknown steps (an older definition) go first.
  const waves = planWaves(steps).waves;
  const rank = (c: Container) => {
    const w = waves.findIndex((names) => names.includes(stepOf(c) ?? ''));
    return w === -1 ? -1 : waves.length - 1 - w;
  };
  const ports = list.flatMap((c) => c.ports.map((p) => p.hostPort));
  const stopOne = async (c: Container) => {
    const step = stepOf(c) ?? '?';
    const s0 = at();
    emit({ type: 'step', step, phase: 'stopping', detail: c.name });
    try {
      if (c.state === 'running') await engine.stop(c.id, opts.stopTimeoutS ?? 5);
      if (!(await engine.remove(c.id, { force: true }))) return; // gone meanwhile: nothing to report
      res.removed.push({ kind: 'container', name: c.name });
      emit({ type: 'step', step, phase: 'removed', ms: at() - s0, detail: c.name });
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return;
      res.ok = false;
      res.errors.push(`${c.name}: ${errorText(e)}`);
      emit({ type: 'step', step, phase: 'failed', detail: `${c.name}: ${errorText(e)}` });
    }
  };
  // Same rank = same wave: those stop together; dependents' waves first.
  for (const r of [...new Set(list.map(rank))].sort((a, b) => a - b)) {
    await Promise.all(list.filter((c) => rank(c) === r).map(stopOne));
  }
  const nets = await labelledOfWorker((l) => engine.networks(l), service, worker).catch(
    (e) => (warn('could not list the stack networks', e), []),
  );
  for (const n of new Set([networkName(service, worker), ...nets])) {
    try {
      if (await removeNetworkIfUnused(engine, n)) res.removed.push({ kind: 'network', name: n });
    } catch (e) {
      warn(`could not remove network ${n}`, e);
    }
  }
  if (opts.removeVolumes) {
    const vols = await labelledOfWorker((l) => engine.volumes(l), service, worker).catch(
      (e) => (warn('could not list the stack volumes', e), []),
    );
    for (const v of vols) {
      try {
        await engine.removeVolume(v);
        res.removed.push({ kind: 'volume', name: v });
      } catch (e) {
        res.errors.push(`volume ${v}: ${errorText(e)}`);
      }
    }
  }
  await waitPortsReleased(ports, holderScanOn(engine.host, engine.shell) ?? scanHolders);
  emit({ type: 'stack', phase: 'done', ms: at(), detail: `removed ${res.removed.length}` });
  return res;
}

/** Forwarders (docker-proxy, conmon) exit a moment after their container; bounded wait so Stop means free. */
async function waitPortsReleased(ports: number[], scan: HolderScan): Promise<void> {
  if (ports.length === 0) return;
  const until = performance.now() + 5000;
  let delay = 50;
  while (performance.now() < until) {
    // An unreadable scan says nothing about the ports: stop waiting (Stop already did its part).
    const holders = await scan(ports).catch(() => undefined);
    if (!holders || [...holders.values()].every((h) => h.every((x) => x.kind === 'process'))) return;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}
