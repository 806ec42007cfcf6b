// `berth init` without the terminal: scan the workspace, import allocation documents, merge them,
// write the proposal out and check it. The CLI and the VS Code command both call runInit.
import type { Finding } from '../core/types';
import { importDocuments, type DocInput } from './docImport';
import { proposalData, proposalYaml } from './emit';
import { proposeFromCode } from './fromCode';
import { mergeDocAndCode } from './merge';
import type { Proposal } from './proposal';
export { InitInputError } from './proposal';
import { checkProposal } from './proposalCheck';
import { scanWorkspace } from './scan';
import { unplacedNotes } from './unplaced';

export interface InitOptions {
  root: string;
  /** Markdown allocation documents (path as the user gave it, for messages, and text). */
  docs?: DocInput[];
  /** Picks the document tables whose nearest heading contains this text. */
  table?: string;
  signal?: AbortSignal;
}

export interface InitResult {
  proposal: Proposal;
  /** The proposed berth.yaml, with comments. */
  yaml: string;
  /** The same, as plain data. */
  data: Record<string, unknown>;
  /** What `berth check` would report against the proposal (file "berth.yaml" = the proposal). */
  findings: Finding[];
  stats: { filesListed: number; filesRead: number; references: number };
}

export async function runInit(opts: InitOptions): Promise<InitResult> {
  const docs = opts.docs ?? [];
  // Documents first: a broken table is reported before the workspace walk.
  const imported = docs.length > 0 ? importDocuments(docs, opts.table) : undefined;
  const scan = await scanWorkspace(opts.root, opts.signal);
  const code = proposeFromCode(scan);
  const proposal = imported ? mergeDocAndCode(imported, code, scan) : code;
  proposal.notes.push(...unplacedNotes(scan, proposal));
  const sources = [...docs.map((d) => d.path), 'this repository'];
  const yaml = proposalYaml(proposal, sources);
  opts.signal?.throwIfAborted();
  const findings = await checkProposal(opts.root, yaml, scan);
  return {
    proposal,
    yaml,
    data: proposalData(proposal),
    findings,
    stats: { filesListed: scan.listed, filesRead: scan.read, references: scan.refs.length },
  };
}
