// The role of one port reference, and how much it says. A compose entry names its role through the image
// or the container port (5432/postgres → postgres, 6379/redis|valkey → redis …); any other reference
// through the identifier it is assigned to (`redisPort: 16388`, `dataStorageURL = "http://localhost:18097"`).
import type { PortRef } from '../core/types';
import { commandRole, containerName, roleFromContainerName } from './commandNames';
import type { ComposePortFact } from './composeFacts';
import {
  knownRole,
  namesService,
  normalizeName,
  qualifiedRole,
  qualifies,
  roleFromIdentifier,
  roleKey,
  roleSpelling,
} from './names';

/** strong: a host port by construction (published, a URL, a role-named key); weak: a bare `port:` key (may be container-side). */
export type Strength = 'strong' | 'weak';

export interface RoleGuess {
  role?: string;
  strength: Strength;
  /** Where the role came from, for the report ("image redis:7-alpine", "identifier redisPort"). */
  why: string;
  /** Only a compose service's name: an identifier elsewhere says more (`ORDERS_HEALTH_PORT` beats `orders-api`). */
  generic?: boolean;
  /** A more specific spelling of the role, for a service's second port of it (fraud-redis, loadtest-redis). */
  qualified?: string;
  /** The identifier starts with the owning service's name (`LEDGER_CACHE_REDIS_URL` in ledger). */
  own?: boolean;
  /** Read from a command line's container name, image or port-forward target (commandNames.ts), not an identifier. */
  command?: boolean;
}

const CONTAINER_PORT_ROLES: Record<number, string> = {
  5432: 'postgres',
  6379: 'redis',
  3306: 'mysql',
  27017: 'mongo',
  9092: 'kafka',
  5672: 'rabbitmq',
  4222: 'nats',
  2181: 'zookeeper',
  9200: 'elasticsearch',
  11211: 'memcached',
  2379: 'etcd',
  8500: 'consul',
};
const METRICS_PORTS = new Set([9090, 9091, 9100]);

/** The role whose well-known container port this is (5432 → postgres), if any. */
export function containerPortRole(port: number | undefined): string | undefined {
  return port !== undefined && Object.hasOwn(CONTAINER_PORT_ROLES, port) ? CONTAINER_PORT_ROLES[port] : undefined;
}
/** The name a listening call's result is assigned to, right before its first argument. */
const LISTENER = /([A-Za-z_$][\w$]*)(?:\s*,\s*_)?\s*(?::=|=)\s*(?:new\s+)?[\w.$]+\(\s*(?:"tcp"\s*,\s*)?["']?$/;
/** A URL's identifier naming its path (health checks), not the port. */
const PATH_WORDS = new Set([
  'health',
  'healthz',
  'ready',
  'readyz',
  'live',
  'livez',
  'liveness',
  'readiness',
  'status',
]);
/** Go's flag package and its clones: `flag.String("name", "default", "usage")` right before the value. */
const FLAG_DEFAULT =
  /\b(?:flag|pflag|fs|flags)\.(?:String|Int|Uint|Int64|StringVar|IntVar)(?:P)?\(\s*(?:&\w+\s*,\s*)?"([\w.-]+)"\s*,\s*(?:"\w\s*"\s*,\s*)?"?[^"]*$/;
const USAGE_ROLE = /^[^"]*"\s*,\s*"[^"]*\b(HTTP|gRPC|GRPC|metrics|Prometheus)\b/;

/** The role of a published port from its image, else its container port, else the compose service's name. */
export function composeRole(fact: ComposePortFact | undefined): RoleGuess {
  if (!fact) return { strength: 'strong', why: 'compose entry outside a service' };
  const image = fact.image?.split('@')[0].split('/').pop()?.split(':')[0];
  const byImage = image ? knownRole(normalizeName(image)) : undefined;
  if (byImage) return { role: byImage, strength: 'strong', why: `image ${fact.image}` };
  const byPort = fact.containerPort ? CONTAINER_PORT_ROLES[fact.containerPort] : undefined;
  if (byPort) return { role: byPort, strength: 'strong', why: `container port ${fact.containerPort}` };
  const name = knownRole(normalizeName(fact.service)) ?? roleSpelling(fact.service);
  const metrics = fact.containerPort !== undefined && METRICS_PORTS.has(fact.containerPort);
  return {
    role: metrics ? `${name}-metrics` : name,
    strength: 'strong',
    why: `compose service ${fact.service}`,
    generic: true,
  };
}

/** The role of a non-compose reference from the identifier on its line (or, for a bare `port:`, the parent key). */
export function identifierRole(ref: PortRef, lines: string[], service: string): RoleGuess {
  const line = lines[ref.range.start.line] ?? '';
  const before = line.slice(0, ref.range.start.character);
  // `-p 15510:5432`, a testcontainers binding: the container port after the host port names the role.
  if (ref.kind === 'publish') {
    const container = Number(/^:(\d{1,5})\b/.exec(line.slice(ref.range.end.character))?.[1]);
    const role = CONTAINER_PORT_ROLES[container];
    const name = containerName(line, service);
    const qualified = name ? roleFromContainerName(name, service) : undefined;
    if (role)
      return {
        role,
        strength: 'strong',
        why: `published to container port ${container}`,
        ...(qualified && qualifies(qualified, role) ? { qualified } : {}),
      };
  }
  // Source finders name the binding themselves (constant, key, parameter, environment variable); a
  // command-line flag's default is named by the flag (`flag.String("metrics-addr", ":18711", …)`).
  const flag = FLAG_DEFAULT.exec(before);
  // `val merchantWebhook = ServerSocket(18631)`, `adminLn, _ := net.Listen("tcp", ":18611")`: what is listening.
  const listener = ref.kind === 'listen' ? LISTENER.exec(before)?.[1] : undefined;
  const identifier =
    flag?.[1] ?? ref.name ?? listener ?? (ref.kind === 'key' ? keyBefore(before) : assignedBefore(before));
  if (!identifier) return fromCommand(line, service) ?? { strength: 'strong', why: 'no identifier on the line' };
  const last =
    identifier
      .split(/[.[\]'"]/)
      .filter(Boolean)
      .pop() ?? identifier;
  if (/^port$/i.test(last) && ref.kind !== 'url' && ref.kind !== 'hostport') {
    // `port: 15441` under `database:` — the parent key names the role; the port may be the container's.
    const parent = identifier.includes('.') ? identifier.split('.').slice(-2, -1)[0] : parentKey(lines, ref);
    const role = parent ? roleFromIdentifier(parent, service) : undefined;
    return { role, strength: 'weak', why: parent ? `key ${parent}.port` : 'bare port key' };
  }
  // `portByRole[http]`, `Defaults.HTTPPort`: the last key names the role when it names one at all.
  const role =
    (last !== identifier ? roleFromIdentifier(last, service) : undefined) ?? roleFromIdentifier(identifier, service);
  // `INGEST_HEALTH_URL = "http://localhost:18410/healthz"`: the URL's path, not the port's role.
  if (role && ref.kind === 'url' && PATH_WORDS.has(role))
    return { strength: 'strong', why: `identifier ${identifier}` };
  // `flag.String("addr", ":18710", "HTTP listen address")`: the flag's usage says the protocol.
  const usage = flag && !role ? USAGE_ROLE.exec(line.slice(ref.range.end.character))?.[1] : undefined;
  if (usage)
    return {
      role: usage.toLowerCase() === 'prometheus' ? 'metrics' : usage.toLowerCase(),
      strength: 'strong',
      why: `flag ${identifier}'s usage`,
    };
  if (!role) return fromCommand(line, service) ?? { strength: 'strong', why: `identifier ${identifier}` };
  const qualified = qualifiedRole(identifier, role, service);
  const own = service !== '' && namesService(identifier, service);
  return {
    role,
    strength: 'strong',
    why: `identifier ${identifier}`,
    ...(qualified ? { qualified } : {}),
    ...(own ? { own } : {}),
  };
}

/** A role from the container name, image or port-forward target on a line no identifier names (commandNames.ts). */
function fromCommand(line: string, service: string): RoleGuess | undefined {
  const said = commandRole(line, service);
  return said ? { role: said.role, strength: 'strong', why: said.why, command: true } : undefined;
}

/** `redisPort: ` / `"REDIS_PORT": "` / `REDIS_PORT=` / `const RedisPort = ` right before the number. */
function keyBefore(before: string): string | undefined {
  return /([A-Za-z_$][\w$.-]*)["']?\s*(?::=|=|:)\s*["']?$/.exec(before)?.[1];
}

/** The name a URL or host:port string is assigned to: `dataStorageURL = "http://localhost:` → dataStorageURL. */
function assignedBefore(before: string): string | undefined {
  const head = before.replace(/[^\s"'`=(,]*$/, '').replace(/[\s"'`(]+$/, '');
  // A default of an environment variable names the variable: `process.env.PAYMENTS_URL ?? 'http://…`,
  // `os.getenv("PAYMENTS_URL", "http://…`, `os.environ.get('PAYMENTS_URL', 'http://…`.
  const fallback =
    /([A-Za-z_$][\w$.]*)\s*(?:\?\?|\|\|)$/.exec(head)?.[1] ??
    /\b(?:getenv|Getenv|get|setdefault)\(\s*["']([A-Za-z_]\w*)["']\s*,$/.exec(head)?.[1];
  return fallback ?? /([A-Za-z_$][\w$.-]*)["']?\s*(?::=|=|:)$/.exec(head)?.[1];
}

/** The key of the nearest less-indented `key:` line above a YAML line. */
function parentKey(lines: string[], ref: PortRef): string | undefined {
  const at = ref.range.start.line;
  const indent = (s: string) => s.length - s.trimStart().length;
  const own = indent(lines[at] ?? '');
  for (let i = at - 1; i >= 0 && i >= at - 50; i--) {
    const l = lines[i];
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (indent(l) < own) return /^\s*(?:-\s+)?["']?([\w.-]+)["']?\s*:/.exec(l)?.[1];
  }
  return undefined;
}

/**
 * A role named after the service that owns the port is that service's own endpoint: `http` (or `metrics`
 * for its `-metrics` port). orders' compose service orders-api publishing 18110 → http, not ordersapi.
 */
export function ownEndpointRole(role: string, service: string): string {
  const metrics = role.endsWith('-metrics');
  const base = roleKey(metrics ? role.slice(0, -'-metrics'.length) : role);
  const own = base === service || (base.length >= 3 && (service.startsWith(base) || base.startsWith(service)));
  return own ? (metrics ? 'metrics' : 'http') : role;
}
