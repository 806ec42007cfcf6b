// The engine client: the only module that talks to Docker or Podman (through dockerode). Typed operations in
// Berth's words; engine quirks are handled here once: 304 "not modified" on a stop of a stopped container and
// 404 "no such …" on inspect/remove are answers, not errors; Podman runs health checks only when asked; Podman
// with CNI and no dnsname plugin needs /etc/hosts entries for its peers.
import Dockerode from 'dockerode';
import type { Container } from '../../model/container';
import { specHost, type EndpointSpec } from '../discovery';
import type { EngineHost, HostShell } from '../../model/engineHost';
import { resolveSsh, runOverSsh, type SshSettings } from '../sshTransport';
import { buildImage, type BuildRequest } from './build';
import { containerFromList, demux, detailsFromInspect, toHealth, type ContainerDetails } from './decode';
import { createOptions, type CreateRequest } from './create';
import { collectExec } from './exec';
import { followContainerLogs, type LogFollow, type LogLine } from './logFollow';
import { dockerodeOptions } from './options';
import { pullImage, type PullRequest } from './pull';
import { errorText } from '../../core/errorText';

export type { BuildRequest } from './build';
export type { CreateRequest } from './create';
export type { ContainerDetails } from './decode';
export { PullError, type PullRequest } from './pull';
export type { FollowEnd, LogFollow, LogLine } from './logFollow';

export interface Attempt {
  source: string;
  target: string;
  error: string;
}

export interface HealthResult {
  /** undefined: the container has no HEALTHCHECK. */
  status?: ReturnType<typeof toHealth>;
  failingStreak?: number;
  /** Output of the last check, when the engine reports it. */
  lastOutput?: string;
}

type Stream = NodeJS.ReadableStream & { destroy?: () => void };

const statusOf = (e: unknown) => (e as { statusCode?: number } | undefined)?.statusCode;
/** undefined for a 404 (the object is gone); other errors are thrown on. */
async function unless404<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}
/** true when done, false for a 404 (it was already gone). */
async function doneUnless404(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (e) {
    if (statusOf(e) === 404) return false;
    throw e;
  }
}
/** Podman 4.3 rejects an empty `filters=` parameter: no filter, no parameter. */
const labelFilter = (label?: string) => (label ? { filters: JSON.stringify({ label: [label] }) } : {});

/** Which machine an endpoint reaches, and for ssh the way in to it. */
async function machineOf(spec: EndpointSpec, ssh: SshSettings): Promise<{ host: EngineHost; shell?: HostShell }> {
  if (spec.protocol !== 'ssh') return { host: specHost(spec) };
  // The address probes reach is what ssh resolves the alias to (HostName in ~/.ssh/config).
  const { hostname } = await resolveSsh(spec, ssh);
  return {
    host: { kind: 'ssh', name: spec.host, address: hostname },
    shell: { run: (command, timeoutMs) => runOverSsh(spec, ssh, command, timeoutMs) },
  };
}

export class Engine {
  /** Earlier candidates that failed (a DOCKER_HOST that did not answer is worth telling the user). */
  skipped: Attempt[] = [];

  private constructor(
    private readonly docker: Dockerode,
    readonly kind: 'docker' | 'podman',
    readonly version: string,
    readonly apiVersion: string,
    /** Display form of the endpoint (unix:///run/podman/podman.sock, tcp://host:2376 …). */
    readonly socket: string,
    /** Where the endpoint came from (setting, DOCKER_HOST, context x, default …). */
    readonly source: string,
    /** The machine the engine runs on: its ports and their holders are that machine's. */
    readonly host: EngineHost,
    /** A way to run Berth's fixed commands on that machine (ssh engines only). */
    readonly shell?: HostShell,
  ) {}

  /** Pings the endpoint and tells Podman (it answers /libpod/_ping) from Docker; rejects when it does not answer. */
  static async open(
    spec: EndpointSpec,
    target: string,
    source: string,
    timeoutMs: number,
    ssh: SshSettings = {},
  ): Promise<Engine> {
    const { host, shell } = await machineOf(spec, ssh);
    const docker = new Dockerode(dockerodeOptions(spec, ssh));
    const signal = AbortSignal.timeout(timeoutMs);
    // dockerode's typings lack the abortSignal option its implementation takes.
    await (docker.ping({ abortSignal: signal } as never) as unknown as Promise<unknown>);
    const podman = new Promise<boolean>((resolve) => {
      docker.modem.dial(
        { path: '/libpod/_ping', method: 'GET', abortSignal: signal, statusCodes: { 200: true, 404: 'no' } } as never,
        (err: unknown) => resolve(!err),
      );
    });
    const version = docker.version({ abortSignal: signal } as never) as unknown as Promise<Dockerode.DockerVersion>;
    const [isPodman, v] = await Promise.all([podman, version]);
    return new Engine(docker, isPodman ? 'podman' : 'docker', v.Version, v.ApiVersion, target, source, host, shell);
  }

  close(): void {
    // dockerode keeps no pooled connections of its own; open streams are closed by their owners.
    (this.docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  }

  async ping(timeoutMs = 3000): Promise<boolean> {
    const p = this.docker.ping({ abortSignal: AbortSignal.timeout(timeoutMs) } as never) as unknown as Promise<unknown>;
    return p.then(
      () => true,
      () => false,
    );
  }

  // ---- containers ----

  /** Every container (stopped ones too), or those with this label ("key=value"). */
  async containers(filter: { label?: string } = {}): Promise<Container[]> {
    const list = await this.docker.listContainers({ all: true, ...labelFilter(filter.label) });
    return list.map(containerFromList);
  }

  /** undefined when there is no such container (by id or name). */
  async inspect(idOrName: string): Promise<ContainerDetails | undefined> {
    const d = await unless404(this.docker.getContainer(idOrName).inspect());
    return d && detailsFromInspect(d);
  }

  /** Creates the container; resolves with its id. */
  async create(r: CreateRequest): Promise<string> {
    return (await this.docker.createContainer(createOptions(r, this.kind))).id;
  }

  async start(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  /** Stops a running container; one that already stopped (304) is fine. */
  async stop(id: string, timeoutS: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutS });
    } catch (e) {
      if (statusOf(e) !== 304) throw e;
    }
  }

  async restart(id: string, timeoutS: number): Promise<void> {
    await this.docker.getContainer(id).restart({ t: timeoutS });
  }

  /** Removes the container (and its anonymous volumes unless kept); false when it was already gone. */
  async remove(id: string, opts: { force?: boolean; keepVolumes?: boolean } = {}): Promise<boolean> {
    return doneUnless404(this.docker.getContainer(id).remove({ force: !!opts.force, v: !opts.keepVolumes }));
  }

  /** Runs a command in a running container; resolves with its exit code (null: unknown) and combined output. */
  async exec(id: string, cmd: string[], timeoutMs: number): Promise<{ exitCode: number | null; output: string }> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    return collectExec(exec, cmd, timeoutMs);
  }

  /** stdout and stderr so far, interleaved; the last `tail` lines when given. */
  async logs(id: string, tail?: number): Promise<string> {
    const opts = { stdout: true, stderr: true, follow: false as const, ...(tail ? { tail } : {}) };
    const out = (await this.docker.getContainer(id).logs(opts)) as unknown as Buffer;
    return demux(Buffer.isBuffer(out) ? out : Buffer.from(String(out)));
  }

  /**
   * Follows the container's logs from its last `tail` lines, each line with the engine's timestamp, until the
   * container stops or is removed (done: 'ended') or stop() is called. Rejects when there is no such container.
   */
  followLogs(id: string, opts: { tail: number; onLine: (l: LogLine) => void }): Promise<LogFollow> {
    return followContainerLogs(this.docker, id, opts);
  }

  /** The engine's stream of container events (JSON lines; ./events.ts reads them). */
  async events(): Promise<Stream> {
    return (await this.docker.getEvents({ filters: { type: ['container'] } })) as Stream;
  }

  /**
   * Runs the container's health check now on Podman (without systemd it never runs them itself) and returns the
   * result; on Docker, which runs checks itself, the current health. Rejects when the container does not exist.
   */
  async healthcheck(id: string): Promise<HealthResult> {
    if (this.kind === 'podman') {
      try {
        // The libpod endpoints need a versioned path on Podman 4 (unversioned: 404).
        const r = await this.dial<{ Status?: string; FailingStreak?: number; Log?: { Output?: string }[] | null }>(
          `/v4.0.0/libpod/containers/${encodeURIComponent(id)}/healthcheck`,
        );
        const log = r.Log ?? [];
        return { status: toHealth(r.Status), failingStreak: r.FailingStreak, lastOutput: log.at(-1)?.Output };
      } catch (e) {
        // 409 with "has no defined healthcheck": not an error for the caller, just no health.
        if (statusOf(e) === 409 && /healthcheck/i.test(errorText(e))) return {};
        throw e;
      }
    }
    const d = await this.docker.getContainer(id).inspect();
    const h = (d.State as { Health?: { Status?: string; FailingStreak?: number; Log?: { Output?: string }[] } }).Health;
    if (!h) return {};
    const log = h.Log ?? [];
    return { status: toHealth(h.Status), failingStreak: h.FailingStreak, lastOutput: log.at(-1)?.Output };
  }

  private dial<T>(path: string): Promise<T> {
    const statusCodes = { 200: true, 404: 'no such container', 409: 'not running or no healthcheck', 500: 'error' };
    return new Promise((resolve, reject) => {
      this.docker.modem.dial({ path, method: 'GET', statusCodes } as never, (err: unknown, data: unknown) =>
        err ? reject(err as Error) : resolve(data as T),
      );
    });
  }

  // ---- images ----

  async imageExists(ref: string): Promise<boolean> {
    return doneUnless404(this.docker.getImage(ref).inspect());
  }

  /** Images with this label ("key=value"): one label only, Podman 4.3's compat API matches nothing given several. */
  async images(label: string): Promise<{ id: string; tags: string[]; labels: Record<string, string> }[]> {
    const list = await this.docker.listImages(labelFilter(label));
    return list.map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t && t !== '<none>:<none>'),
      labels: i.Labels ?? {},
    }));
  }

  /** Builds an image from a directory; .dockerignore applies as the Docker CLI applies it. Rejects with the builder's error. */
  build(r: BuildRequest): Promise<void> {
    return buildImage(this.docker, r);
  }

  /** Pulls the image, telling each layer's progress; rejects with the image and the registry's message. */
  pull(ref: string, r: PullRequest = {}): Promise<void> {
    return pullImage(this.docker, ref, r);
  }

  // ---- networks and volumes ----

  /**
   * undefined when there is no such network; else how many containers are attached, its first subnet and the
   * addresses taken in it (gateway, attached containers).
   */
  async network(name: string): Promise<{ attached: number; subnet?: string; used: string[] } | undefined> {
    const n = (await unless404(this.docker.getNetwork(name).inspect())) as
      | {
          Containers?: Record<string, { IPv4Address?: string }>;
          IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] };
        }
      | undefined;
    if (!n) return undefined;
    const config = n.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'));
    const used = Object.values(n.Containers ?? {}).map((c) => c.IPv4Address ?? '');
    return {
      attached: Object.keys(n.Containers ?? {}).length,
      subnet: config?.Subnet,
      used: [...(config?.Gateway ? [config.Gateway] : []), ...used].filter(Boolean),
    };
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    await this.docker.createNetwork({
      Name: name,
      Labels: labels,
      CheckDuplicate: true,
    } as Dockerode.NetworkCreateOptions);
  }

  /** false when it was already gone. */
  async removeNetwork(name: string): Promise<boolean> {
    return doneUnless404(this.docker.getNetwork(name).remove());
  }

  async networks(label: string): Promise<string[]> {
    return (await this.docker.listNetworks(labelFilter(label))).map((n) => n.Name);
  }

  async volumeExists(name: string): Promise<boolean> {
    return doneUnless404(this.docker.getVolume(name).inspect());
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.docker.createVolume({ Name: name, Labels: labels });
  }

  async volumes(label: string): Promise<string[]> {
    return ((await this.docker.listVolumes(labelFilter(label))).Volumes ?? []).map((v) => v.Name);
  }

  async removeVolume(name: string): Promise<void> {
    await this.docker.getVolume(name).remove();
  }
}
