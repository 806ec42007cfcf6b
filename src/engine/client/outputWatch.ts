// Told when a container writes output, as soon as it does (a readiness probe's wake, not a log reader).
// Podman's log follow reads the container's log file on a poll (250 ms here) and answers only once the first line
// is there, so a line reaches it 100–250 ms late; attaching to the running container gets conmon's live stream
// (stdout and stderr, no stdin: the container is unaffected and goes on when we detach). Docker's log follow is
// live already and stays what is used there.
import type Dockerode from 'dockerode';
import { followContainerLogs } from './logFollow';

export interface OutputWatch {
  stop(): void;
}

export async function watchContainerOutput(
  docker: Dockerode,
  kind: 'docker' | 'podman',
  id: string,
  onOutput: () => void,
): Promise<OutputWatch> {
  if (kind !== 'podman') return followContainerLogs(docker, id, { tail: 0, onLine: onOutput });
  const stream = (await docker
    .getContainer(id)
    .attach({ stream: true, stdout: true, stderr: true })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  // Any chunk is output (framed or a TTY's raw bytes alike): nothing to decode for a wake.
  stream.on('data', () => onOutput());
  stream.on('error', () => undefined); // ends the wake only: the probe's own schedule goes on
  return { stop: () => stream.destroy() };
}
