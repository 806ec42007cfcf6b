// Image pulls: POST /images/create followed with dockerode's followProgress. A registry's refusal arrives in one
// of two ways: as the HTTP status of the request (Docker's 404 "manifest unknown", a 500 "connection refused")
// or as an errorDetail inside a 200 stream (Podman, and Docker once layers flow). Both reject with the image and
// the registry's own message. Aborting the signal closes the request, which stops the engine's pull.
import type Dockerode from 'dockerode';
import { pullEventOf, type PullEvent } from '../../model/pull';
import type { RegistryAuth } from '../registryAuth';
import { errorText } from '../../core/errorText';

export interface PullRequest {
  auth?: RegistryAuth;
  onProgress?: (e: PullEvent) => void;
  signal?: AbortSignal;
}

interface RawProgress {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** docker-modem's "(HTTP code 404) unexpected - <the engine's message>" without its own prefix. */
const engineMessage = (e: unknown) =>
  errorText(e)
    .replace(/^\(HTTP code \d+\)[^-]*- /, '')
    .trim();

export class PullError extends Error {
  constructor(
    readonly ref: string,
    readonly registryMessage: string,
  ) {
    super(`pulling ${ref} failed: ${registryMessage}`);
  }
}

export async function pullImage(docker: Dockerode, ref: string, r: PullRequest): Promise<void> {
  const cancelled = () => new Error(`pulling ${ref} was cancelled`);
  if (r.signal?.aborted) throw cancelled();
  let stream: NodeJS.ReadableStream & { destroy?: () => void };
  try {
    // dockerode's typings lack the abortSignal option its implementation passes on.
    stream = (await docker.pull(ref, { abortSignal: r.signal, authconfig: r.auth } as never)) as typeof stream;
  } catch (e) {
    if (r.signal?.aborted) throw cancelled();
    throw new PullError(ref, engineMessage(e));
  }
  await new Promise<void>((resolve, reject) => {
    let failure: string | undefined;
    const onAbort = () => stream.destroy?.();
    r.signal?.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        r.signal?.removeEventListener('abort', onAbort);
        if (r.signal?.aborted) reject(cancelled());
        else if (failure ?? err) reject(new PullError(ref, failure ?? engineMessage(err)));
        else resolve();
      },
      (raw: RawProgress) => {
        const bad = raw.errorDetail?.message ?? raw.error;
        if (bad) failure ??= bad.trim();
        else
          try {
            r.onProgress?.(pullEventOf(raw));
          } catch {
            // a listener's bug must not break the pull
          }
      },
    );
  });
}
