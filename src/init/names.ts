// The one normalisation of service and role names that init applies to directory names, compose service
// names, identifiers and markdown cells alike, so "Data Storage", data-storage/ and DataStoragePort meet:
//   markup (**, `, links) and parentheticals are dropped, then the rest is lower-cased and every
//   character that is not a letter or digit removed: "**Effectiveness Monitor (CRD)**" → effectivenessmonitor;
//   a trailing "service"/"svc" word goes too ("Embedding Service" → embedding).
// Known roles have aliases (PostgreSQL/pg → postgres, Valkey → redis …).

/** Aliases of the roles Berth knows by name; the key is the normalised spelling. */
const ROLE_ALIASES: Record<string, string> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  postgis: 'postgres',
  timescaledb: 'postgres',
  redis: 'redis',
  valkey: 'redis',
  keydb: 'redis',
  mysql: 'mysql',
  mariadb: 'mysql',
  mongo: 'mongo',
  mongodb: 'mongo',
  kafka: 'kafka',
  rabbitmq: 'rabbitmq',
  nats: 'nats',
  zookeeper: 'zookeeper',
  elasticsearch: 'elasticsearch',
  // OpenSearch is a fork teams call by its own name (composeOpenSearchURL, an opensearch service).
  opensearch: 'opensearch',
  memcached: 'memcached',
  minio: 'minio',
  etcd: 'etcd',
  consul: 'consul',
};

/** Markdown markup, parentheticals and separators removed, lower case: the service/role key of a name. */
export function normalizeName(text: string): string {
  const name = stripMarkup(text)
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  // "Embedding Service", embedding-service/ and EmbeddingSvc are the embedding service.
  return name.replace(/^(.+?)(service|svc)$/, '$1');
}

/** Text of a markdown cell without emphasis, code ticks, links and HTML tags. */
export function stripMarkup(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[*_`~]+/g, (m) => (m.includes('_') && m.length === 1 ? '_' : ''))
    .trim();
}

/** The known role a normalised name stands for, if any. */
export function knownRole(normalized: string): string | undefined {
  return Object.hasOwn(ROLE_ALIASES, normalized) ? ROLE_ALIASES[normalized] : undefined;
}

/** A role key from a column header or label: a known role's canonical name, else the normalised name. */
export function roleName(text: string): string {
  const n = normalizeName(text);
  return knownRole(n) ?? n;
}

/** Words in an identifier: camelCase, PascalCase, snake_case, kebab-case and dotted paths. */
export function identifierWords(identifier: string): string[] {
  return chunkedWords(identifier).map((w) => w.word);
}

/** The words of an identifier, each with the separated chunk it is in (INGRESS_HTTP: 0, 1; devServer: 0, 0). */
function chunkedWords(identifier: string): { word: string; chunk: number }[] {
  return identifier
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .flatMap((chunk, i) =>
      chunk
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(' ')
        .map((word) => ({ word, chunk: i })),
    );
}

/** What two spellings of one role share: ingress-http, INGRESS_HTTP and ingressHttp → ingresshttp. */
export function roleKey(role: string): string {
  return role.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A name spelled as a role: lower case, the words the text itself separates joined by '-' (mock-llm). */
export function roleSpelling(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-');
}

/** Words that say "this is a port/address" or name the test tier, not the role. */
const NOISE = new Set([
  'port',
  'ports',
  'url',
  'uri',
  'base',
  'addr',
  'address',
  'host',
  'endpoint',
  'integration',
  'e2e',
  'test',
  'tests',
  'local',
  'default',
  'external',
  'published',
  'host_port',
  'hostport',
  'listen',
  'dsn',
  'conn',
  'connection',
  'string',
]);

/**
 * The role an identifier names, or undefined when only noise is left: `redisPort` → redis,
 * `DataStoragePort` → datastorage, `WEIntegrationDataStoragePort` (service abbreviation first) → datastorage,
 * `HAPI_REDIS_PORT` → redis. Words at the start that spell the owning service (or are a short
 * all-caps abbreviation followed by more words) are dropped.
 */
export function roleFromIdentifier(identifier: string, service?: string): string | undefined {
  const words = chunkedWords(identifier).filter((w) => !NOISE.has(w.word.toLowerCase()));
  for (const w of words) {
    const role = knownRole(w.word.toLowerCase());
    if (role) return role;
  }
  const own = ownWords(words, service);
  // Words the identifier separates stay apart (INGRESS_HTTP_PORT → ingress-http); camel humps join (devServer).
  const role = own.map((w, i) => (i > 0 && w.chunk !== own[i - 1].chunk ? '-' : '') + w.word.toLowerCase()).join('');
  return role === '' ? undefined : (knownRole(roleKey(role)) ?? role);
}

/**
 * The role an identifier names with the words that qualify it, when it says more than `role`:
 * `FRAUD_REDIS_PORT` → fraud-redis, `minioConsoleUrl` → minio-console, `RABBITMQ_MANAGEMENT_PORT` →
 * rabbitmq-management. For a port that is a service's second of one role.
 */
export function qualifiedRole(identifier: string, role: string, service?: string): string | undefined {
  const own = ownWords(
    chunkedWords(identifier).filter((w) => !NOISE.has(w.word.toLowerCase())),
    service,
  );
  const q = own.map((w) => w.word.toLowerCase()).join('-');
  return qualifies(q, role) ? q : undefined;
}

/** The identifier's leading words spell the owning service (`LEDGER_CACHE_REDIS_URL` in ledger): it says "ours". */
export function namesService(identifier: string, service: string): boolean {
  return serviceWordCount(identifierWords(identifier), service) > 0;
}

/** How many leading words spell the service name exactly (`orders-loadtest-redis` in orders: 1), else 0. */
export function serviceWordCount(words: string[], service: string): number {
  let joined = '';
  for (let i = 0; i < words.length; i++) {
    joined += words[i].toLowerCase();
    if (joined === service) return i + 1;
    if (!service.startsWith(joined)) return 0;
  }
  return 0;
}

/** A qualified spelling of a role: more words than the role, the role's among them. */
export function qualifies(qualified: string, role: string): boolean {
  const words = qualified.split('-');
  return words.length > 1 && words.includes(role) && roleKey(qualified) !== roleKey(role);
}

/** The words of an identifier without those spelling the owning service (or abbreviating it) at its start. */
function ownWords(words: { word: string; chunk: number }[], service: string | undefined) {
  if (service) {
    // Leading words that together spell (a prefix of) the service name.
    let joined = '';
    let cut = 0;
    for (let i = 0; i < words.length - 1; i++) {
      joined += words[i].word.toLowerCase();
      if (!service.startsWith(joined)) break;
      cut = i + 1;
    }
    words = words.slice(cut);
  }
  // `WEIntegrationDataStoragePort`: a short all-caps word before camel-case words abbreviates the service.
  const caps = (w: { word: string }) => /^[A-Z0-9]+$/.test(w.word);
  if (words.length > 1 && /^[A-Z]{1,4}$/.test(words[0].word) && !words.slice(1).every(caps)) words = words.slice(1);
  return words;
}
