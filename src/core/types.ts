// Shared shapes of the core. Pure data: no I/O, no vscode. Every layer above speaks these.

/** 0-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export type RuleCode =
  'schema' | 'duplicate-allocation' | 'out-of-range' | 'port-owned-by-other-service' | 'port-not-allocated' | 'stack';

export interface RelatedLocation {
  /** Path relative to the workspace root, forward slashes. */
  file: string;
  range: Range;
  message: string;
}

/** One problem found by the parser or a rule. The CLI prints it; the server turns it into an LSP Diagnostic. */
export interface Finding {
  /** Path relative to the workspace root, forward slashes. */
  file: string;
  range: Range;
  severity: Severity;
  code: RuleCode;
  message: string;
  /** The service the file belongs to (or, in berth.yaml, the service of the allocation). */
  service?: string;
  port?: number;
  related?: RelatedLocation[];
  /** Machine-readable facts for quick fixes (owner of the port, role, suggestions). */
  data?: FindingData;
}

export interface FindingData {
  owner?: { service: string; role: string };
  /** The service the file belongs to, its port for the owner's role if it has one. */
  ownPort?: { service: string; role: string; port: number };
  /** Next free port of the role's range, when there is a range. */
  nextFree?: { role: string; port: number; /** a block of `workers: N` ports starting there */ size?: number };
}

// ---------- berth.yaml model ----------

export interface PortAllocation {
  service: string;
  role: string;
  port: number;
  sharedWith: string[];
  /** Range of the port number in berth.yaml. */
  range: Range;
  /** Range of the role key in berth.yaml. */
  keyRange: Range;
}

export interface RoleRange {
  role: string;
  from: number;
  to: number;
  range: Range;
}

export type DependsCondition = 'started' | 'ready' | 'completed';

export type Probe =
  | { kind: 'exec'; command: string[]; expect?: string }
  | { kind: 'http'; port: string | number; path: string; status?: number; host?: string }
  | { kind: 'tcp'; port: string | number; host?: string }
  | { kind: 'health' }
  | { kind: 'log'; pattern: string }
  | { kind: 'once' };

export interface StepPort {
  /** Allocation role whose host port is published ("postgres"), or undefined for a literal host port. */
  role?: string;
  hostPort?: number;
  containerPort: number;
  hostIp?: string;
}

/** When a step's image is pulled: only when missing (the default), before every start, or never. */
export const PULL_POLICIES = ['missing', 'always', 'never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export interface StepDef {
  name: string;
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  containerName?: string;
  ports: StepPort[];
  environment: Record<string, string>;
  envFile: string[];
  command?: string[];
  entrypoint?: string[];
  volumes: string[];
  labels: Record<string, string>;
  dependsOn: { step: string; condition: DependsCondition }[];
  ready?: Probe;
  runOnce: boolean;
  /** Per-step readiness deadline. */
  timeoutMs?: number;
  /** `pull:` (compose `pull_policy`); undefined: missing. */
  pull?: PullPolicy;
  range: Range;
}

export interface StackDef {
  /** inline steps, or a compose file to read (relative to the root). */
  compose?: string;
  steps: StepDef[];
  range: Range;
}

export interface ServiceDef {
  name: string;
  ports: PortAllocation[];
  configs: string[];
  /** `workers: N`: N consecutive ports per role from the allocated one, one run of them per parallel worker. */
  workers?: number;
  /** Raw stack node as parsed (loosely validated); the stack layer interprets it. */
  stack?: StackDef;
  /** `kind: { cluster, config }`: the kind cluster that serves this service in the E2E tier. */
  kind?: KindRef;
  /** Range of the service's key in berth.yaml. */
  range: Range;
}

export interface KindRef {
  /** The cluster name (`kind create cluster --name`), as its node containers' `io.x-k8s.kind.cluster` label says. */
  cluster: string;
  /** The cluster's config file relative to the root: its extraPortMappings' host ports are the service's. */
  config?: string;
  range: Range;
  /** The config's extraPortMappings, when the workspace loader could read it (core/kindConfig.ts reads them). */
  mappings?: KindPortMapping[];
}

/** One extraPortMappings entry of a kind cluster config. */
export interface KindPortMapping {
  /** The node container's port (a NodePort when a Service is to be reached through it). */
  containerPort: number;
  hostPort: number;
  /** The node's role: control-plane or worker. */
  role: string;
  listenAddress?: string;
  /** Where the hostPort value is written. */
  range: Range;
}

/** Where `port-not-allocated` applies: to ports inside a declared range (default), or to every host port. */
export const UNALLOCATED_SCOPES = ['in-range', 'everywhere'] as const;
export type UnallocatedScope = (typeof UNALLOCATED_SCOPES)[number];

export interface CheckOptions {
  unallocated: UnallocatedScope;
}

export interface BerthConfig {
  version: number;
  /** Path of berth.yaml relative to the root (normally "berth.yaml"). */
  file: string;
  ranges: RoleRange[];
  services: ServiceDef[];
  /** berth.yaml's `check:` options (defaults when absent). */
  check: CheckOptions;
}

export interface ParseResult {
  /** Undefined only when nothing usable could be read (YAML syntax broken beyond recovery, not a mapping). */
  config?: BerthConfig;
  findings: Finding[];
  /** The YAML itself has syntax errors (a config, if any, was recovered from a broken document). */
  syntaxErrors?: boolean;
}

// ---------- ports found in files ----------

export type PortRefKind =
  | 'compose-published' // host side of a compose ports: entry
  | 'key' // numeric value of a port-like key (port, *_port, *Port, *-port, *PORT in .env)
  | 'url' // http://localhost:18100
  | 'hostport' // localhost:16379
  | 'source-key' // a literal bound to a port-like name in code: const, var, field, object key, keyword argument
  | 'call-arg' // an argument whose parameter (in a function declared in the workspace) is port-like
  | 'publish' // host side of a publish mapping in code or a command: `-p 15441:5432`, testcontainers bindings
  | 'listen' // a listen/bind address bound to an address-like name: ":18131", "0.0.0.0:18131"
  | 'env-set'; // a port set into the environment: os.Setenv("X_PORT", "15441"), process.env.X_PORT = …

export interface PortRef {
  port: number;
  range: Range;
  kind: PortRefKind;
  /** Host part when the reference names one (URL / host:port / compose host_ip). */
  host?: string;
  /** In source code: the name the port is bound to (constant, key, parameter, environment variable). */
  name?: string;
  /** For 'call-arg': the function or constructor whose parameter `name` the port fills. */
  callee?: string;
}
