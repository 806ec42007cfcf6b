// What holds each allocated port right now, as the extension last scanned it: pushed to the server with the
// `berth/holders` notification whenever the scan changes (the server never scans; nothing runs per keystroke).
// Other editors' clients simply never send it, and hovers then show berth.yaml's facts alone.
import type { LiveHolder } from '../model/portHolderText';

export const HOLDERS_NOTIFICATION = 'berth/holders';

export interface HoldersParams {
  holders: LiveHolder[];
}

const isHolder = (h: unknown): h is LiveHolder => {
  const x = h as Partial<LiveHolder> | null;
  return (
    !!x &&
    Number.isInteger(x.port) &&
    typeof x.service === 'string' &&
    typeof x.role === 'string' &&
    typeof x.now === 'string'
  );
};

export class LiveHolderStore {
  private byPort = new Map<number, LiveHolder[]>();

  /** Replaces the store; a malformed payload is refused with the reason (the old holders stay). */
  set(params: unknown): string | undefined {
    const list = (params as Partial<HoldersParams> | null)?.holders;
    if (!Array.isArray(list)) return `${HOLDERS_NOTIFICATION}: expected { holders: [...] }`;
    const bad = list.findIndex((h) => !isHolder(h));
    if (bad >= 0) return `${HOLDERS_NOTIFICATION}: holders[${bad}] is not { port, service, role, now }`;
    const next = new Map<number, LiveHolder[]>();
    for (const h of list) next.set(h.port, [...(next.get(h.port) ?? []), h]);
    this.byPort = next;
    return undefined;
  }

  of(port: number): LiveHolder[] {
    return this.byPort.get(port) ?? [];
  }
}
