// What an allocation document yields: the shapes docImport.ts fills and merge.ts and docCodeBlocks.ts read.
import type { Note, Seen } from './proposal';

export interface DocInput {
  /** As the user named it (messages and `seen` use it). */
  path: string;
  text: string;
}

export interface DocAllocation {
  service: string;
  role: string;
  port: number;
  shared: string[] | 'unnamed' | undefined;
  seen: Seen;
}

export interface DocImport {
  /** Services in document order. */
  services: string[];
  /** Service → names a parenthetical gives it ("HAPI (HolmesGPT API)" → holmesgptapi), to meet code folders. */
  aliases: Map<string, string[]>;
  allocations: DocAllocation[];
  ranges: { role: string; from: number; to: number; seen: Seen }[];
  notes: Note[];
  /** Each body row of every table, with what became of it (tests assert none is lost). */
  rows: { seen: Seen; outcome: 'imported' | 'reported' }[];
}
