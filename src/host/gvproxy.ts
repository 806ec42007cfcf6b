// Client for gvproxy's forwarder API (containers/gvisor-tap-vsock, pkg/services/forwarder).
// Podman starts gvproxy without a host-side API endpoint, so the API is reached from inside the
// machine at the gateway (192.168.127.1:80) by running curl there: `podman machine ssh <name> '<curl …>'`.
// The command is configurable (an argument array); the curl command line is appended as ONE
// shell-quoted argument, because ssh hands its command to the remote shell as a single string.

// execa is ESM-only: a dynamic import loads it from CommonJS (tsx, the bundle), only when needed.
const loadExeca = async () => (await import('execa')).execa;

export interface GvForward {
  /** Exactly as /all reports it: unexpose must send back these bytes (":8080" ≠ "0.0.0.0:8080"). */
  local: string;
  remote: string;
  protocol: string;
}

export interface GvproxyApiOptions {
  /** Prefix run with the curl command line appended as one argument. Default: podman machine ssh <machine>. */
  command?: string[];
  /** Machine name for the default command (default "podman-machine-default"). */
  machine?: string;
  /** Base URL of the forwarder API as seen from where the command runs (default http://192.168.127.1). */
  baseUrl?: string;
  timeoutMs?: number;
}

export class GvproxyApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GvproxyApiError';
  }
}

const statusMarker = '\n@@berth-status:';

/** POSIX single-quote quoting: safe for any bytes in a remote shell's command line. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function defaultGvproxyCommand(machine = 'podman-machine-default'): string[] {
  return ['podman', 'machine', 'ssh', machine];
}

/** The port of a forward's local address ("127.0.0.1:2223", ":8080", "[::]:8080"), or undefined. */
export function forwardPort(local: string): number | undefined {
  const m = /:(\d+)$/.exec(local);
  return m ? Number(m[1]) : undefined;
}

/** The machine's SSH forward (remote port 22, or the -ssh-port gvproxy was started with) is never touched. */
export function isSshForward(f: GvForward, sshPort?: number): boolean {
  return /:22$/.test(f.remote) || (sshPort !== undefined && forwardPort(f.local) === sshPort);
}

export class GvproxyApi {
  readonly command: string[];
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(opts: GvproxyApiOptions = {}) {
    this.command = opts.command && opts.command.length > 0 ? opts.command : defaultGvproxyCommand(opts.machine);
    this.baseUrl = (opts.baseUrl ?? 'http://192.168.127.1').replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 15000;
  }

  private async call(path: string, body?: object): Promise<{ status: number; text: string }> {
    const curl = ['curl', '-sS', '-w', `${statusMarker}%{http_code}`, `${this.baseUrl}/services/forwarder/${path}`];
    if (body) curl.push('-X', 'POST', '-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
    const [file, ...args] = this.command;
    const r = await (
      await loadExeca()
    )(file, [...args, curl.map(shellQuote).join(' ')], { reject: false, timeout: this.timeoutMs, stdin: 'ignore' });
    const where = `${this.command.join(' ')} … ${path}`;
    if (r.failed && r.exitCode === undefined) throw new GvproxyApiError(`cannot run ${where}: ${r.shortMessage}`);
    const at = r.stdout.lastIndexOf(statusMarker);
    if (at < 0) {
      throw new GvproxyApiError(
        `gvproxy API unreachable via ${where} (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim() || 'no output'}`,
      );
    }
    const status = Number(r.stdout.slice(at + statusMarker.length).trim());
    if (!status)
      throw new GvproxyApiError(`gvproxy API unreachable via ${where}: ${(r.stderr || 'no HTTP status').trim()}`);
    return { status, text: r.stdout.slice(0, at) };
  }

  async list(): Promise<GvForward[]> {
    const { status, text } = await this.call('all');
    if (status !== 200)
      throw new GvproxyApiError(`GET /services/forwarder/all answered ${status}: ${text.trim()}`, status);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new GvproxyApiError(`GET /services/forwarder/all did not answer JSON: ${text.slice(0, 200)}`, status);
    }
    if (!Array.isArray(data)) throw new GvproxyApiError('GET /services/forwarder/all did not answer a list', status);
    return data
      .filter((f): f is GvForward => typeof f?.local === 'string' && typeof f?.remote === 'string')
      .map((f) => ({
        local: f.local,
        remote: f.remote,
        protocol: typeof f.protocol === 'string' ? f.protocol : 'tcp',
      }));
  }

  /** Sends `local` byte-for-byte as given: pass the value read from list(). */
  async unexpose(local: string, protocol = 'tcp'): Promise<void> {
    const { status, text } = await this.call('unexpose', { local, protocol });
    if (status !== 200)
      throw new GvproxyApiError(`unexpose ${protocol}/${local} answered ${status}: ${text.trim()}`, status);
  }

  async expose(local: string, remote: string, protocol = 'tcp'): Promise<void> {
    const { status, text } = await this.call('expose', { local, remote, protocol });
    if (status !== 200)
      throw new GvproxyApiError(`expose ${protocol}/${local} answered ${status}: ${text.trim()}`, status);
  }
}

/**
 * Options from the environment (the CLI's source; the extension passes its settings instead):
 * BERTH_GVPROXY_COMMAND — JSON array, the command prefix (default podman machine ssh <machine>);
 * BERTH_GVPROXY_URL — the API's base URL as seen from where the command runs;
 * BERTH_PODMAN_MACHINE — the machine name for the default command.
 */
export function gvproxyOptionsFromEnv(env: NodeJS.ProcessEnv, machine?: string): GvproxyApiOptions {
  const opts: GvproxyApiOptions = {
    machine: machine ?? env.BERTH_PODMAN_MACHINE ?? undefined,
    baseUrl: env.BERTH_GVPROXY_URL || undefined,
  };
  const raw = env.BERTH_GVPROXY_COMMAND;
  if (raw) {
    let cmd: unknown;
    try {
      cmd = JSON.parse(raw);
    } catch {
      cmd = undefined;
    }
    if (!Array.isArray(cmd) || cmd.length === 0 || !cmd.every((a) => typeof a === 'string')) {
      throw new Error(
        `BERTH_GVPROXY_COMMAND must be a JSON array of strings, e.g. ["podman","machine","ssh","podman-machine-default"] (got ${raw})`,
      );
    }
    opts.command = cmd;
  }
  return opts;
}
