// A stack run whose process died mid-way (kill -9, a closed window, a CI timeout): the lock it held names it.
// `berth status`, the tree and `berth clean` call it "interrupted" until the next up adopts it or a clean removes it.
export interface InterruptedRun {
  pid: number;
  /** "berth up", "Start Stack", "berth run we worker 1" */
  what: string;
  /** ISO time the run began. */
  since: string;
  /** Its berth.run label: which containers it made. */
  run?: string;
}

/** `berth up (pid 4242) at 10:02:03` */
export function describeInterrupted(r: InterruptedRun): string {
  return `${r.what} (pid ${r.pid}) at ${r.since.slice(11, 19)}`;
}
