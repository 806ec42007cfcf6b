// The machine an engine runs on. Its published ports, their holders and the processes cleanup may end are that
// machine's, so every probe, port check and cleanup action carries it (a remote engine's port 5432 is not ours).

import type { Probe } from '../core/types';

export type EngineHost =
  /** This machine (a local socket, or tcp to a loopback address). */
  | { kind: 'local' }
  /** Reached through the system ssh client: `name` as the user wrote it (an ssh alias), `address` what ssh resolves. */
  | { kind: 'ssh'; name: string; address: string }
  /** A tcp engine on another machine: no way in to see or end its processes. */
  | { kind: 'tcp'; name: string; address: string };

export const LOCAL_HOST: EngineHost = { kind: 'local' };

/** Where published ports of this engine's containers are reached (the probe address). */
export function hostAddress(h: EngineHost): string {
  return h.kind === 'local' ? '127.0.0.1' : h.address;
}

/**
 * Where a http/tcp probe connects: the host it names (`host:` in berth.yaml), else the engine's machine, whose
 * address hostAddress() gives (a remote engine's published ports are there, not on 127.0.0.1).
 */
export function probeAddress(probe: Extract<Probe, { kind: 'http' | 'tcp' }>, engineAddress: string): string {
  return probe.host ?? engineAddress;
}

/** "host:port" with an IPv6 address in brackets. */
export function addressWithPort(address: string, port: number | string): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** "build-box via ssh", "10.0.0.5 via tcp"; undefined for this machine (nothing to add). */
export function engineHostText(h: EngineHost): string | undefined {
  return h.kind === 'local' ? undefined : `${h.name} via ${h.kind}`;
}

/** Loopback names: a tcp engine there runs on this machine. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}

/** Runs one of Berth's fixed commands on the engine's machine (ssh engines); ssh's own failures reject. */
export interface HostShell {
  run(command: string, timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}
