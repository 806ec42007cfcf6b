// Container health on demand. Podman without systemd never runs HEALTHCHECKs by itself (it schedules them
// with systemd timers), so whoever waits for health triggers the check: what `podman healthcheck run` does.
import type { Engine } from './connection';
import { ContainerHealth, toHealth } from './containers';

export interface HealthResult {
  /** undefined: the container has no HEALTHCHECK. */
  status?: ContainerHealth;
  failingStreak?: number;
  /** Output of the last check, when the engine reports it. */
  lastOutput?: string;
}

function dial<T>(engine: Engine, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    engine.docker.modem.dial(
      {
        path,
        method: 'GET',
        statusCodes: {
          200: true,
          404: 'no such container',
          409: 'container not running or has no healthcheck',
          500: 'server error',
        },
      } as never,
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
    );
  });
}

/**
 * Runs the container's health check now on Podman and returns the result; on Docker (which runs
 * checks itself) returns the current health. Rejects when the container does not exist.
 */
export async function triggerHealthcheck(engine: Engine, id: string): Promise<HealthResult> {
  if (engine.kind === 'podman') {
    // The libpod endpoints need a versioned path on Podman 4 (unversioned: 404).
    try {
      const r = await dial<{ Status?: string; FailingStreak?: number; Log?: { Output?: string }[] | null }>(
        engine,
        `/v4.0.0/libpod/containers/${encodeURIComponent(id)}/healthcheck`,
      );
      const log = r.Log ?? [];
      return { status: toHealth(r.Status), failingStreak: r.FailingStreak, lastOutput: log[log.length - 1]?.Output };
    } catch (e) {
      // 409 with "has no defined healthcheck": not an error for the caller, just no health.
      if ((e as { statusCode?: number }).statusCode === 409 && /healthcheck/i.test(String((e as Error).message)))
        return {};
      throw e;
    }
  }
  const d = await engine.docker.getContainer(id).inspect();
  const h = (d.State as { Health?: { Status?: string; FailingStreak?: number; Log?: { Output?: string }[] } }).Health;
  if (!h) return {};
  const log = h.Log ?? [];
  return { status: toHealth(h.Status), failingStreak: h.FailingStreak, lastOutput: log[log.length - 1]?.Output };
}
