// What a command line says about the port it publishes when no identifier holds it: the container's
// name (`docker run --name worker-mock -p 18248:8080 …`, `start_container("hapi-audit-sink", …,
// host_port=18125)`), the image it runs (`docker run --rm -p 18244:80 nginx:alpine`) or the Kubernetes
// object a port-forward reaches (`kubectl port-forward svc/orders-api 18183:80`). Teams name containers
// `<service>-<what>`, so the words after the owning service's name are the role.
import { normalizeName, roleSpelling, serviceWordCount } from './names';

/** Words in a container name that say where it runs, not what it is (orders-redis-test → redis). */
const TIER_WORDS = new Set(['test', 'tests', 'it', 'e2e', 'integration', 'local', 'dev', 'ci', 'tmp']);

/** `docker|podman run` options that take a value as the next argument (`--name x`, `-e K=V` …). */
const VALUE_OPTIONS = new Set([
  ...['-e', '-v', '-p', '-w', '-u', '-l', '-h', '-m', '-a', '-c'],
  ...['--env', '--volume', '--publish', '--name', '--network', '--net', '--workdir', '--user', '--label'],
  ...['--hostname', '--entrypoint', '--env-file', '--memory', '--mount', '--add-host', '--cpus', '--platform'],
  ...['--pull', '--restart', '--network-alias', '--tmpfs', '--ulimit', '--log-driver', '--log-opt', '--device'],
  ...['--cap-add', '--cap-drop', '--security-opt', '--shm-size', '--stop-signal', '--pod', '--ip', '--expose'],
  ...['--health-cmd', '--health-interval', '--health-timeout', '--health-retries', '--dns', '--userns'],
]);

/** The role a command line gives the port it publishes, and what said so; undefined when it says nothing. */
export function commandRole(line: string, service: string): { role: string; why: string } | undefined {
  const name = containerName(line, service);
  const fromName = name ? roleFromContainerName(name, service) : undefined;
  if (fromName) return { role: fromName, why: `container name ${name}` };
  const image = runImage(line);
  const base = image?.split('@')[0].split('/').pop()?.split(':')[0];
  if (base && /[a-z]/i.test(base)) return { role: roleSpelling(base), why: `image ${image}` };
  const words = line.replace(/["'`,[\]]/g, ' ');
  const target = /\bport-forward\s+(?:-n\s+\S+\s+)?(?:svc|service|pod|deploy|deployment|statefulset)\/([\w.-]+)/.exec(
    words,
  )?.[1];
  const fromTarget = target ? roleFromContainerName(target, service) : undefined;
  return fromTarget ? { role: fromTarget, why: `port-forward to ${target}` } : undefined;
}

/** `--name x` / `--name=x` / `'--name', 'x'`, else a quoted literal that starts with the service's name. */
export function containerName(line: string, service: string): string | undefined {
  const option = /--name(?:=|["']?\s*,?\s*["']?|\s+)([A-Za-z0-9][\w.-]*)/.exec(line)?.[1];
  if (option) return option;
  for (const m of line.matchAll(/["'`]([A-Za-z0-9][\w.-]*)["'`]/g)) {
    const words = m[1].split(/[-_.]+/);
    if (words.length > 1 && normalizeName(words[0]) === service) return m[1];
  }
  return undefined;
}

/** The words of a container name after the owning service's name, without tier words or an instance number. */
export function roleFromContainerName(name: string, service: string): string | undefined {
  let words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // The service's own container (`orders`) keeps its name: the proposal reads it as the service's endpoint.
  const cut = serviceWordCount(words, service);
  if (cut < words.length) words = words.slice(cut);
  words = words.filter((w) => !TIER_WORDS.has(w) && !/^\d+$/.test(w));
  return words.length > 0 ? words.join('-') : undefined;
}

/** The image of a `docker|podman run` on the line (the first argument after run's options), if any. */
export function runImage(line: string): string | undefined {
  const tokens = line
    .replace(/[[\](){},]/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^["'`]+|["'`]+$/g, ''))
    .filter(Boolean);
  const at = tokens.findIndex((t, i) => t === 'run' && i > 0 && /(?:^|\/)(?:docker|podman)$/.test(tokens[i - 1]));
  if (at < 0) return undefined;
  for (let i = at + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '\\') continue;
    if (t.startsWith('-')) {
      if (VALUE_OPTIONS.has(t)) i++;
      continue;
    }
    return /^[\w.-]+(?::\d+)?(?:\/[\w.-]+)*(?::[\w.-]+)?(?:@sha256:[a-f0-9]+)?$/.test(t) && !t.includes('=')
      ? t
      : undefined;
  }
  return undefined;
}
