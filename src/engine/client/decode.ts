// The engine API's payloads in Berth's words: list entries and inspect results become the model's container
// shapes. Docker's and Podman's compat API differ in small ways (state names, where health is written).
import type Dockerode from 'dockerode';
import type { Container, ContainerHealth, ContainerPort, ContainerState } from '../../model/container';

/** What only inspect tells about a container. */
export interface ContainerDetails {
  id: string;
  name: string;
  /** The image reference it was created from. */
  image: string;
  state: ContainerState;
  running: boolean;
  /** State.ExitCode as reported: both engines say 0 for a container that never exited. */
  exitCode: number;
  /** The engine's error text when the container could not run. */
  error?: string;
  /** The engine's last health verdict, also on a stopped container (callers decide whether it still counts). */
  health?: ContainerHealth;
  hasHealthcheck: boolean;
  /** The HEALTHCHECK's interval (the container's, else its image's); undefined: the engine's default (30 s). */
  healthIntervalMs?: number;
  /** When the engine's health log says the last check started (ms since the epoch). */
  lastHealthAt?: number;
  /** Host pid of the init process while running. */
  pid?: number;
  startedAt?: string;
  /** Address on each attached network, by network name. */
  ips: Record<string, string>;
}

const STATES: ContainerState[] = ['created', 'running', 'exited', 'paused', 'restarting', 'removing', 'dead'];

export function toState(s: string | undefined): ContainerState {
  const v = (s ?? '').toLowerCase();
  if ((STATES as string[]).includes(v)) return v as ContainerState;
  if (v === 'stopped' || v === 'stopping') return 'exited'; // podman's own words
  if (v === 'configured' || v === 'initialized') return 'created';
  return 'dead';
}

export function toHealth(s: string | undefined): ContainerHealth | undefined {
  const v = (s ?? '').toLowerCase();
  return v === 'starting' || v === 'healthy' || v === 'unhealthy' ? v : undefined;
}

/** Docker writes the health into the list Status ("Up 3 s (healthy)"); Podman does not. */
function healthFromStatus(status: string | undefined): ContainerHealth | undefined {
  const m = /\((?:health: )?(starting|healthy|unhealthy)\)/.exec(status ?? '');
  return m ? (m[1] as ContainerHealth) : undefined;
}

/** Both engines' list Status reads "Exited (0) 3 seconds ago" for an exited container. */
export function exitCodeFromStatus(status: string | undefined): number | undefined {
  const m = /^exited \((-?\d+)\)/i.exec((status ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/** Health is the engine's last verdict; Docker keeps "unhealthy" (Podman "starting") on exited containers. */
export function liveHealth(state: ContainerState, health: ContainerHealth | undefined): ContainerHealth | undefined {
  return state === 'running' ? health : undefined;
}

function portsOf(list: Dockerode.Port[] | undefined): ContainerPort[] {
  const out: ContainerPort[] = [];
  const seen = new Set<string>();
  for (const p of list ?? []) {
    if (!p.PublicPort || (p.Type && p.Type !== 'tcp')) continue;
    const key = `${p.PublicPort}/${p.PrivatePort}`;
    // Docker lists 0.0.0.0 and :: separately: one entry per host port is what users think in.
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ hostIp: p.IP || undefined, hostPort: p.PublicPort, containerPort: p.PrivatePort });
  }
  return out;
}

export function containerFromList(c: Dockerode.ContainerInfo): Container {
  const state = toState(c.State);
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    state,
    health: liveHealth(state, healthFromStatus(c.Status)),
    ports: portsOf(c.Ports),
    labels: c.Labels ?? {},
    exitCode: state === 'exited' ? exitCodeFromStatus(c.Status) : undefined,
  };
}

export function detailsFromInspect(d: Dockerode.ContainerInspectInfo): ContainerDetails {
  const st = d.State as Dockerode.ContainerInspectInfo['State'] & {
    Health?: { Status?: string; Log?: { Start?: string }[] | null };
  };
  const test = d.Config?.Healthcheck?.Test;
  const intervalNs = d.Config?.Healthcheck?.Interval;
  const lastStart = Date.parse(st?.Health?.Log?.at(-1)?.Start ?? '');
  const ips: Record<string, string> = {};
  for (const [net, n] of Object.entries(d.NetworkSettings?.Networks ?? {})) if (n?.IPAddress) ips[net] = n.IPAddress;
  return {
    id: d.Id,
    name: (d.Name ?? '').replace(/^\//, ''),
    image: d.Config?.Image ?? d.Image,
    state: toState(st?.Status),
    running: !!st?.Running,
    exitCode: typeof st?.ExitCode === 'number' ? st.ExitCode : 0,
    error: st?.Error || undefined,
    health: toHealth(st?.Health?.Status),
    hasHealthcheck: !!test && test.length > 0 && test[0] !== 'NONE',
    ...(intervalNs && intervalNs > 0 ? { healthIntervalMs: intervalNs / 1e6 } : {}),
    ...(Number.isFinite(lastStart) ? { lastHealthAt: lastStart } : {}),
    pid: st?.Pid ? st.Pid : undefined,
    startedAt: st?.StartedAt && !st.StartedAt.startsWith('0001-') ? st.StartedAt : undefined,
    ips,
  };
}

/** Splits Docker's multiplexed stream format (8-byte headers) when present; plain text otherwise. */
export function demux(buf: Buffer): string {
  if (buf.length < 8 || buf[1] !== 0 || buf[2] !== 0 || buf[3] !== 0 || buf[0] > 2) return buf.toString('utf8');
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(parts).toString('utf8');
}
