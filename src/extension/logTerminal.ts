// Live logs in a terminal (a Pseudoterminal): one container's, or a whole stack's interleaved as they arrive.
// Following starts when the terminal opens and stops when it closes, on Ctrl+C, or per container when the
// engine ends its stream; the terminal then says why (exited with its code, removed, or an error).
import * as vscode from 'vscode';
import type { Engine, LogFollow } from '../engine/connection';
import { errorText } from '../core/errorText';
import { prefixer } from './logFormat';

export interface LogSource {
  id: string;
  name: string;
  /** What the line prefix says: the step for a stack, the container name otherwise. */
  label: string;
}

class LogPty implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.written.event;
  private readonly follows: LogFollow[] = [];
  private readonly fmt;
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly sources: LogSource[],
    private readonly tail: number,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.fmt = prefixer(sources.map((s) => s.label));
  }

  open(): void {
    const what = this.sources.length === 1 ? this.sources[0].name : `${this.sources.length} containers`;
    this.written.fire(this.fmt.notice(`following ${what} from the last ${this.tail} lines · Ctrl+C stops`));
    void Promise.all(this.sources.map((s, i) => this.follow(s, i))).then(() => {
      if (!this.closed && this.sources.length > 1) this.written.fire(this.fmt.notice('following stopped'));
    });
  }

  private async follow(s: LogSource, i: number): Promise<void> {
    let f: LogFollow;
    try {
      f = await this.engine.followLogs(s.id, {
        tail: this.tail,
        onLine: (l) => this.written.fire(this.fmt.line(i, l)),
      });
    } catch (e) {
      this.written.fire(this.fmt.notice(`cannot follow ${s.name}: ${errorText(e)}`, i));
      return;
    }
    if (this.closed) return f.stop();
    this.follows.push(f);
    const end = await f.done;
    if (this.closed) return;
    this.written.fire(this.fmt.notice(`${await this.why(s, end)} — following stopped`, i));
  }

  private async why(s: LogSource, end: Awaited<LogFollow['done']>): Promise<string> {
    if (end.reason === 'stopped') return `${s.name}: Ctrl+C`;
    if (end.reason === 'error') return `${s.name}: the log stream failed: ${end.error}`;
    const d = await this.engine.inspect(s.id).catch(() => undefined);
    if (!d) return `${s.name} was removed`;
    if (d.running) return `${s.name}: the engine closed the log stream`;
    return `${s.name} ${d.state}${d.state === 'exited' ? ` (exit ${d.exitCode})` : ''}`;
  }

  handleInput(data: string): void {
    if (data === '\x03') this.follows.forEach((f) => f.stop());
  }

  close(): void {
    this.closed = true;
    this.follows.forEach((f) => f.stop());
    this.log.info(`stopped following ${this.sources.map((s) => s.name).join(', ')} (terminal closed)`);
    this.written.dispose();
  }
}

/** Opens a terminal following the sources' logs and shows it. */
export function openLogTerminal(
  engine: Engine,
  title: string,
  sources: LogSource[],
  log: vscode.LogOutputChannel,
  /** The folder whose berth.logs.tail applies (a resource setting). */
  scope?: vscode.Uri,
): vscode.Terminal {
  const tail = Math.max(0, vscode.workspace.getConfiguration('berth', scope).get<number>('logs.tail', 200));
  const terminal = vscode.window.createTerminal({
    name: title,
    pty: new LogPty(engine, sources, tail, log),
    iconPath: new vscode.ThemeIcon('output'),
  });
  terminal.show();
  return terminal;
}
