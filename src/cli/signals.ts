// Ctrl-C and SIGTERM in the CLI's long commands (up, down, clean, run): the first one cancels the work as the
// editor's Cancel does (abort.signal), or goes to the child command berth run is running; a second one exits at
// once (through process.exit, so the locks this process holds are given back).
import { constants } from 'node:os';

export class SignalRelay {
  readonly abort = new AbortController();
  private child: { kill(sig: NodeJS.Signals): boolean } | undefined;
  private received: NodeJS.Signals | undefined;
  private readonly handler = (sig: NodeJS.Signals) => {
    if (this.child) {
      this.received = sig;
      this.child.kill(sig);
      return;
    }
    if (this.received) process.exit(128 + constants.signals[sig]);
    this.received = sig;
    this.onFirst?.(sig);
    this.abort.abort(new Error(`${sig} received`));
  };

  /** onFirst: told once, before the abort, e.g. to print what happens now. */
  constructor(private readonly onFirst?: (sig: NodeJS.Signals) => void) {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** While a child runs, signals go to it instead (its exit leads to the usual teardown). */
  forwardTo(child: { kill(sig: NodeJS.Signals): boolean } | undefined): void {
    this.child = child;
  }

  /** 128 + the signal's number (130 after Ctrl-C). */
  exitCode(): number {
    return 128 + (this.received ? constants.signals[this.received] : constants.signals.SIGINT);
  }

  get interrupted(): boolean {
    return this.received !== undefined;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
