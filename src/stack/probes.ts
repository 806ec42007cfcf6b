// Readiness probes Berth runs itself, one attempt at a time; the runner polls them with backoff.
import { request } from 'node:http';
import { connect } from 'node:net';
import type { ContainerDetails, Engine } from '../engine/connection';
import { addressWithPort, hostAddress, probeAddress } from '../model/engineHost';
import type { Probe } from '../core/types';
import type { ResolvedPort, ResolvedStep } from './resolve';

export interface ProbeAttempt {
  ok: boolean;
  /** Why it did not pass (kept for the deadline message). */
  detail?: string;
  /** The step can never become ready (unhealthy, exited non-zero): stop polling. */
  fatal?: boolean;
}

/** The published port a http/tcp probe targets: a role, or a published container port. */
export function probedPort(step: ResolvedStep, port: string | number): ResolvedPort | undefined {
  return typeof port === 'number'
    ? step.ports.find((q) => q.containerPort === port)
    : step.ports.find((q) => q.role === port);
}

/** Host port a http/tcp probe targets. */
export function probeHostPort(step: ResolvedStep, port: string | number): number | undefined {
  return probedPort(step, port)?.hostPort;
}

/**
 * The probe in words. `address`: the engine's host address (127.0.0.1 for a local engine; a remote engine's
 * published ports are on its machine, so that is where http and tcp probes go unless they name a host).
 */
export function describeProbe(step: ResolvedStep, probe: Probe | undefined, address = '127.0.0.1'): string {
  if (!probe) return 'running';
  switch (probe.kind) {
    case 'exec':
      return `exec ${probe.command.join(' ')}${probe.expect ? ` (expect "${probe.expect}")` : ''}`;
    case 'http':
      return `http GET ${addressWithPort(probeAddress(probe, address), probeHostPort(step, probe.port) ?? probe.port)}${probe.path}${probe.status ? ` → ${probe.status}` : ''}`;
    case 'tcp':
      return `tcp ${addressWithPort(probeAddress(probe, address), probeHostPort(step, probe.port) ?? probe.port)}`;
    case 'health':
      return 'engine health check';
    case 'log':
      return `log /${probe.pattern}/`;
    case 'once':
      return 'exit code 0';
  }
}

function httpOnce(host: string, port: number, path: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Docker's userland proxy accepts a connection before the container listens and then closes it, so a
 * connect alone proves nothing: the socket must stay open for a short moment.
 */
function tcpOnce(host: string, port: number, holdMs: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    sock.on('connect', () => setTimeout(() => done(), holdMs));
    sock.on('close', () => done(new Error('connection closed by peer')));
    sock.on('end', () => done(new Error('connection closed by peer')));
    sock.on('error', (e) => done(e));
  });
}

/** One attempt of the step's probe on the container as just inspected. */
export async function attemptProbe(
  engine: Engine,
  info: ContainerDetails,
  step: ResolvedStep,
  probe: Probe | undefined,
): Promise<ProbeAttempt> {
  const perTry = 5000;
  if (!probe) return { ok: true };
  switch (probe.kind) {
    case 'exec': {
      const r = await engine.exec(info.id, probe.command, perTry);
      if (r.exitCode !== 0)
        return {
          ok: false,
          detail: `exit ${r.exitCode ?? '?'}${r.output.trim() ? `: ${r.output.trim().split('\n').slice(-1)[0]}` : ''}`,
        };
      if (probe.expect && !r.output.includes(probe.expect))
        return { ok: false, detail: `output lacks "${probe.expect}": ${r.output.trim().slice(0, 200)}` };
      return { ok: true };
    }
    case 'http': {
      const port = probeHostPort(step, probe.port);
      if (port === undefined)
        return { ok: false, fatal: true, detail: `port ${probe.port} is not published by step "${step.name}"` };
      const status = await httpOnce(probeAddress(probe, hostAddress(engine.host)), port, probe.path, perTry);
      const good = probe.status !== undefined ? status === probe.status : status >= 200 && status < 400;
      return good ? { ok: true } : { ok: false, detail: `HTTP ${status}` };
    }
    case 'tcp': {
      const port = probeHostPort(step, probe.port);
      if (port === undefined)
        return { ok: false, fatal: true, detail: `port ${probe.port} is not published by step "${step.name}"` };
      await tcpOnce(probeAddress(probe, hostAddress(engine.host)), port, 150, perTry);
      return { ok: true };
    }
    case 'health': {
      if (!info.hasHealthcheck)
        return { ok: false, fatal: true, detail: `image ${info.image} has no HEALTHCHECK (use another ready probe)` };
      let status = info.health;
      // Podman runs health checks only when asked (systemd timers otherwise); a failed trigger keeps the last verdict.
      if (engine.kind === 'podman')
        status = (await engine.healthcheck(info.id).catch(() => undefined))?.status ?? status;
      if (status === 'healthy') return { ok: true };
      if (status === 'unhealthy') return { ok: false, fatal: true, detail: 'container is unhealthy' };
      return { ok: false, detail: `health ${status ?? 'unknown'}` };
    }
    case 'log': {
      const re = new RegExp(probe.pattern, 'm');
      return re.test(await engine.logs(info.id)) ? { ok: true } : { ok: false, detail: 'pattern not in the logs yet' };
    }
    case 'once': {
      if (info.running || info.state === 'created') return { ok: false, detail: 'still running' };
      return info.exitCode === 0
        ? { ok: true }
        : { ok: false, fatal: true, detail: `exited with code ${info.exitCode}` };
    }
  }
}
