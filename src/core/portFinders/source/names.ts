// What a name says about the number bound to it: a host port (`port`, `REDIS_PORT`, `dataStoragePort`,
// `hostPort`), a container-side port (`containerPort`, `targetPort`), a listen address (`addr`, `bind`),
// or the callee of a log/print call whose arguments are messages, not references.

/** Words of an identifier or key: camelCase, PascalCase, snake_case, SCREAMING_CASE, kebab-case, dotted. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Words that put a port on the container's (or a remote's) side of a mapping. */
const CONTAINER_SIDE = new Set(['container', 'target', 'internal', 'exposed', 'inner', 'guest', 'pod', 'node']);

/** `port`, `Port`, `PORT`, `*_PORT`, `redisPort`, `hostPort`, `portNumber` …, but not `containerPort` or `ports`. */
export function isPortName(name: string): boolean {
  // PGPORT (libpq), DBPORT: one word in the environment's style; not SUPPORT, REPORT, EXPORT …
  if (/^(PG|DB|SQL|REDIS|HTTPS?|GRPC|SMTP|AMQP|MQ|KAFKA|API|WEB|APP|SRV|SERVER|SSH|LDAP|ADMIN|METRICS)PORT$/.test(name))
    return true;
  const w = words(name);
  const last = w.length - 1;
  const at =
    w[last] === 'port' ? last : last > 0 && /^(num|number|no)$/.test(w[last]) && w[last - 1] === 'port' ? last - 1 : -1;
  if (at < 0) return false;
  return !w.slice(0, at).some((x) => CONTAINER_SIDE.has(x));
}

/** A name with a word that puts the port on the container's side (`WIREMOCK_CONTAINER`, `targetPort`). */
export function isContainerSideName(name: string): boolean {
  return words(name).some((x) => CONTAINER_SIDE.has(x));
}

/** A map whose values are host ports by some key: `portByRole`, `hostPorts`, `PORTS` (not `containerPorts`). */
export function isPortMapName(name: string): boolean {
  const w = words(name);
  return w.some((x) => x === 'port' || x === 'ports') && !w.some((x) => CONTAINER_SIDE.has(x));
}

/** `addr`, `Addr`, `listen`, `bind`, `healthAddr`, `LISTEN_ADDRESS`, `bindAddress` … */
export function isAddressName(name: string): boolean {
  const w = words(name);
  if (w.some((x) => CONTAINER_SIDE.has(x))) return false;
  const last = w[w.length - 1];
  return last === 'addr' || last === 'address' || last === 'listen' || last === 'bind' || w[0] === 'listen';
}

/** The last segment of a dotted callee or member (`os.Setenv` → `Setenv`, `self.logger.info` → `info`). */
export function lastSegment(name: string): string {
  const clean = name.replace(/\([^()]*\)/g, '');
  return clean.slice(Math.max(clean.lastIndexOf('.'), clean.lastIndexOf(':')) + 1);
}

const LOG_OBJECT =
  /(^|[._])(log|logger|logging|console|slog|klog|glog|zap|logr|logrus|sugar|ginkgowriter|stdout|stderr)$/i;
const PRINT_METHOD = /^(print|println|printf|fprint|fprintf|fprintln|log|logf|echo|pprint|puts)$/i;
/** Test-failure messages: `t.Errorf`, `t.Fatalf`, `Fail(...)`, `fmt.Errorf`, `errors.New`. */
const MESSAGE_CALL = /(^|\.)(t|b|tb|s|suite|fmt|errors)\.(errorf?|fatalf?|skipf?|new)$|^(fail|skip)$/i;

/** Calls whose arguments are messages for a person: log.*, fmt.Printf, console.log, print, logger.*. */
export function isLogCallee(callee: string): boolean {
  const clean = callee.replace(/\([^()]*\)/g, '').replace(/\s+/g, '');
  const dot = clean.lastIndexOf('.');
  const method = clean.slice(dot + 1);
  const object = dot < 0 ? '' : clean.slice(0, dot);
  if (PRINT_METHOD.test(method)) return true;
  if (object !== '' && LOG_OBJECT.test(object)) return true;
  return MESSAGE_CALL.test(clean);
}

/** `os.Setenv`, `t.Setenv`, `monkeypatch.setenv`, `os.putenv`, `os.environ.setdefault`, `System.setProperty`. */
export function isEnvSetter(callee: string): boolean {
  const method = lastSegment(callee);
  return /^(setenv|putenv)$/i.test(method) || /environ\.setdefault$/.test(callee) || /setProperty$/.test(callee);
}

/** Setters and builder methods that take one port: `setPort(…)`, `withHostPort(…)`, `.port(…)`. */
export function setterName(callee: string): string | undefined {
  const method = lastSegment(callee);
  // `Wait.forHttp(…).forPort(8080)`, `forListeningPort`: what a wait strategy probes is the container's port.
  if (/^for[A-Z_]/.test(method)) return undefined;
  // `getMappedPort(5432)`: a getter asks about the container's port, it sets nothing.
  if (/^get[A-Z_]/.test(method)) return undefined;
  const name = method.replace(/^(set|with)(?=[A-Z_])/, '');
  return isPortName(name) ? name : undefined;
}

/** Conversions a literal passes through unchanged in meaning: `uint16(15441)`, `strconv.Itoa(15441)`, `str(15441)`. */
export function isConversion(callee: string): boolean {
  return /^(u?int(8|16|32|64)?|str|int|String|Number|parseInt|strconv\.Itoa|fmt\.Sprint|Integer\.(toString|valueOf)|String\.valueOf|Port|nat\.Port)$/.test(
    callee.replace(/\s+/g, ''),
  );
}

/** Calls that take a listen address: `http.ListenAndServe(":8080", …)`, `net.Listen("tcp", ":8080")`, `app.listen(…)`. */
export function isListenCallee(callee: string): boolean {
  // ServerSocket(18631): Java's and Kotlin's listening socket (its first argument is the port).
  return /^(listen|listenandserve|listenandservetls|listentcp|bind|serve|run|serversocket)$/i.test(lastSegment(callee));
}
