// Image builds. The context goes through dockerode's own filtering: given the context directory and the list of
// its files, dockerode drops what .dockerignore excludes (@balena/dockerignore, `!` exceptions included), as the
// Docker CLI does, and packs the rest.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';

export interface BuildRequest {
  /** Absolute path of the build context. */
  context: string;
  /** Relative to the context. */
  dockerfile: string;
  tag: string;
  args: Record<string, string>;
  labels: Record<string, string>;
  signal?: AbortSignal;
}

/** Every file and symlink under the context, relative, with forward slashes (directories are walked, not listed). */
function contextEntries(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? contextEntries(dir, p) : [p];
  });
}

export async function buildImage(docker: Dockerode, r: BuildRequest): Promise<void> {
  if (!existsSync(r.context)) throw new Error(`build context ${r.context} does not exist`);
  const stream: NodeJS.ReadableStream = await docker.buildImage(
    { context: r.context, src: contextEntries(r.context) },
    {
      t: r.tag,
      dockerfile: r.dockerfile,
      buildargs: r.args,
      labels: r.labels,
      rm: true,
      abortSignal: r.signal,
    } as Record<string, unknown>,
  );
  await new Promise<void>((ok, fail) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, res: { error?: string; errorDetail?: { message?: string } }[]) => {
        const bad = err?.message ?? res?.find((x) => x.error || x.errorDetail)?.error;
        if (bad) fail(new Error(bad.trim()));
        else ok();
      },
    );
  });
}
