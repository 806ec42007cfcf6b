// An image pull in Berth's words: the engine's per-layer progress events (Docker's and Podman's "Pulling fs
// layer", "Downloading" with current/total bytes, "Download complete", "Pull complete" …) as PullEvents, a
// tally of them into one snapshot, and the one line every surface shows ("Pulling redis:7-alpine: 3/5 layers,
// 12.1 MB/20.3 MB"). Pure.

export type LayerPhase = 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'done' | 'present';

export interface PullEvent {
  /** Short layer id; undefined for events about the whole image ("Digest: …", "Status: …"). */
  layer?: string;
  /** undefined for events about the whole image. */
  phase?: LayerPhase;
  /** Bytes so far and in all of the layer, for 'downloading'. */
  current?: number;
  total?: number;
  /** The engine's own status text. */
  text: string;
}

export interface PullSnapshot {
  image: string;
  layers: number;
  /** Layers whose download is over (downloaded, extracted or already present). */
  layersDone: number;
  /** Downloaded bytes and the total over layers whose size the engine told. */
  bytes: number;
  totalBytes: number;
  /** The pull is over (the image is there). */
  complete: boolean;
  /** This update is one worth a line of its own: a layer's download ended, or the pull did. */
  milestone: boolean;
  /** The event it follows, if any. */
  last?: PullEvent;
}

const PHASES: [RegExp, LayerPhase][] = [
  [/^(pulling fs layer|waiting)/i, 'waiting'],
  [/^downloading/i, 'downloading'],
  [/^(verifying checksum|download complete)/i, 'downloaded'],
  [/^extracting/i, 'extracting'],
  [/^pull complete/i, 'done'],
  [/^already exists/i, 'present'],
];

/** The engine's raw progress object ({id, status, progressDetail: {current, total}}) as a PullEvent. */
export function pullEventOf(raw: { id?: unknown; status?: unknown; progressDetail?: unknown }): PullEvent {
  const text = typeof raw.status === 'string' ? raw.status.trim() : '';
  const phase = PHASES.find(([re]) => re.test(text))?.[1];
  const detail = (raw.progressDetail ?? {}) as { current?: unknown; total?: unknown };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  // Docker's "Pulling from library/redis" carries the tag as its id: a layer only with a layer phase.
  const layer = phase && typeof raw.id === 'string' && raw.id ? raw.id : undefined;
  return {
    layer,
    phase: layer ? phase : undefined,
    ...(layer && phase === 'downloading' ? { current: num(detail.current), total: num(detail.total) } : {}),
    text,
  };
}

const OVER: ReadonlySet<LayerPhase> = new Set(['downloaded', 'extracting', 'done', 'present']);

interface LayerState {
  phase: LayerPhase;
  current: number;
  total?: number;
}

/** Follows one image's PullEvents; each apply() returns the snapshot after it. */
export class PullTally {
  private readonly layers = new Map<string, LayerState>();
  private complete = false;

  constructor(readonly image: string) {}

  apply(e: PullEvent): PullSnapshot {
    let milestone = false;
    if (e.layer && e.phase) {
      const prev = this.layers.get(e.layer);
      const l = prev ?? { phase: e.phase, current: 0 };
      // Extraction's own byte counts are not download progress; a finished download never goes back.
      if (e.phase === 'downloading') {
        if (e.total !== undefined) l.total = e.total;
        if (e.current !== undefined) l.current = e.current;
      }
      const wasOver = !!prev && OVER.has(prev.phase);
      if (!wasOver || OVER.has(e.phase)) l.phase = e.phase;
      if (OVER.has(l.phase) && l.total !== undefined) l.current = l.total;
      milestone = !wasOver && OVER.has(l.phase);
      this.layers.set(e.layer, l);
    }
    return this.snapshot(milestone, e);
  }

  /** The image is there: the pull is over. */
  finish(): PullSnapshot {
    this.complete = true;
    return this.snapshot(true);
  }

  private snapshot(milestone: boolean, last?: PullEvent): PullSnapshot {
    const all = [...this.layers.values()];
    return {
      image: this.image,
      layers: all.length,
      layersDone: all.filter((l) => OVER.has(l.phase)).length,
      bytes: all.reduce((n, l) => n + (l.total !== undefined ? Math.min(l.current, l.total) : 0), 0),
      totalBytes: all.reduce((n, l) => n + (l.total ?? 0), 0),
      complete: this.complete,
      milestone,
      last,
    };
  }
}

/** Decimal units, as the engines print sizes: 950 B, 12.1 kB, 20.3 MB, 1.2 GB. */
export function byteSize(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** "Pulling redis:7-alpine: 3/5 layers, 12.1 MB/20.3 MB" (bytes only once the engine told sizes). */
export function pullLine(s: PullSnapshot): string {
  if (s.complete)
    return `Pulled ${s.image}${s.layers ? `: ${s.layers} layer${s.layers === 1 ? '' : 's'}` : ''}${s.totalBytes ? `, ${byteSize(s.totalBytes)}` : ''}`;
  if (!s.layers) return `Pulling ${s.image}…`;
  const bytes = s.totalBytes ? `, ${byteSize(s.bytes)}/${byteSize(s.totalBytes)}` : '';
  return `Pulling ${s.image}: ${s.layersDone}/${s.layers} layers${bytes}`;
}
