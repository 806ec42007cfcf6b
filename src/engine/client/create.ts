// A container's create request in Berth's words, and the engine API body for it.
import type Dockerode from 'dockerode';

export interface CreateRequest {
  name: string;
  image: string;
  env?: string[];
  cmd?: string[];
  entrypoint?: string[];
  labels: Record<string, string>;
  ports: { containerPort: number; hostPort: number; hostIp?: string }[];
  /** Container paths of anonymous volumes. */
  volumes: string[];
  binds: string[];
  network: string;
  /** Names the container answers to on its network. */
  aliases: string[];
  /** Peers on the network by name (used where the network has no DNS: Podman with CNI and no dnsname). */
  peers: Map<string, string>;
  /** A fixed IPv4 address on the network (Podman: peers created ahead of their start must know it). */
  ip?: string;
}

export function createOptions(r: CreateRequest, kind: 'docker' | 'podman'): Dockerode.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {};
  for (const p of r.ports) {
    const key = `${p.containerPort}/tcp`;
    exposed[key] = {};
    const binding = { HostPort: String(p.hostPort) };
    (bindings[key] ??= []).push(p.hostIp ? { HostIp: p.hostIp, ...binding } : binding);
  }
  return {
    name: r.name,
    Image: r.image,
    Env: r.env,
    Cmd: r.cmd,
    Entrypoint: r.entrypoint,
    Labels: r.labels,
    ExposedPorts: exposed,
    Volumes: Object.fromEntries(r.volumes.map((v) => [v, {}])),
    HostConfig: {
      PortBindings: bindings,
      Binds: r.binds,
      NetworkMode: r.network,
      // Podman with CNI and no dnsname plugin (Debian's default) has no DNS on the network: /etc/hosts entries.
      ExtraHosts: kind === 'podman' ? [...r.peers].map(([name, ip]) => `${name}:${ip}`) : [],
    },
    NetworkingConfig: {
      EndpointsConfig: {
        [r.network]: { Aliases: r.aliases, ...(r.ip ? { IPAMConfig: { IPv4Address: r.ip } } : {}) },
      },
    },
  };
}
