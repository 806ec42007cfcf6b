// Progress on a terminal and in a log: a TTY gets one line rewritten in place (\r, erase to end of line) until it
// is over; a pipe or file gets only the updates worth a line of their own, so CI logs stay readable.
export class LiveLine {
  private open = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    readonly tty = (out as { isTTY?: boolean }).isTTY === true,
  ) {}

  /** An update of the live line; `milestone` ones are printed on a pipe too, `final` ends the live line. */
  update(text: string, milestone: boolean, final: boolean): void {
    if (this.tty) {
      this.out.write(`\r${text}\x1b[K${final ? '\n' : ''}`);
      this.open = !final;
    } else if (milestone || final) this.out.write(text + '\n');
  }

  /** A line of its own: ends a live line first so the two do not share a row. */
  line(text: string): void {
    this.end();
    this.out.write(text + '\n');
  }

  end(): void {
    if (this.open) this.out.write('\n');
    this.open = false;
  }
}
