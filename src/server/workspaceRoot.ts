// One workspace folder with its berth.yaml: the allocation files are checked against, and the findings of a
// file. Keeps the last valid allocation while berth.yaml is broken so other files stay checked.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseBerthYaml } from '../core/berthYaml';
import { checkAllocation, checkFoundPorts } from '../core/rules';
import { findPorts } from '../core/portFinders/index';
import { normalizeRelPath, serviceForFile } from '../core/ownership';
import { kindRoutes } from '../core/kindConfig';
import { BERTH_FILE_NAMES, loadWorkspace } from '../host/workspaceFiles';
import { composeStackFindings, mergeComposeStackFindings } from '../stack/resolve';
import type { SourceContext } from '../core/portFinders/index';
import type { BerthConfig, Finding, ParseResult, PortRef, ServiceDef } from '../core/types';
import { relativeTo } from './uris';
import { deleteAtOrUnder } from '../core/folderPaths';

export class WorkspaceRoot {
  /** berth.yaml's path relative to the root, once found. */
  configRel: string | undefined;
  /** berth.yaml's text: the editor's buffer when open, else the disk's. */
  text: string | undefined;
  parse: ParseResult | undefined;
  /** The allocation other files are checked against: the current one, or the last valid one while broken. */
  config: BerthConfig | undefined;
  broken = false;
  /** Why berth.yaml could not be loaded (missing, unreadable). */
  loadError: string | undefined;
  /** Findings of compose-mode stacks per service, valid for the allocation they were computed against. */
  private stacks: { config: BerthConfig | undefined; byService: Map<string, Finding[]> } = {
    config: undefined,
    byService: new Map(),
  };

  /** Per file: the port references of the text last judged (valid for that text and declaration index). */
  private refs = new Map<string, { text: string; declarations: number | undefined; refs: PortRef[] }>();

  /** The last text seen of each kind config a service names (the editor's buffer): its mappings route NodePorts. */
  private kindTexts = new Map<string, string>();

  constructor(readonly root: string) {}

  get configPath(): string | undefined {
    return this.configRel ? path.join(this.root, this.configRel) : undefined;
  }

  async loadFromDisk(): Promise<void> {
    const loaded = await loadWorkspace(this.root);
    if ('error' in loaded) {
      this.loadError = loaded.error;
      this.configRel = undefined;
      this.text = undefined;
      this.parse = undefined;
      this.config = undefined;
      this.broken = false;
      return;
    }
    this.loadError = undefined;
    const rel = relativeTo(this.root, path.resolve(this.root, loaded.configPath)) ?? 'berth.yaml';
    if (rel === this.configRel && loaded.text === this.text) return; // unchanged: keep the same allocation object
    this.configRel = rel;
    this.apply(loaded.text, loaded.parse);
  }

  /** berth.yaml's text changed (editor or disk). */
  update(text: string): void {
    this.apply(text, parseBerthYaml(text, this.configRel ?? 'berth.yaml'));
  }

  private apply(text: string, parse: ParseResult): void {
    this.text = text;
    this.parse = parse;
    // A YAML syntax error while typing would otherwise drop half the services and flood every file with
    // "not allocated": keep checking against the last allocation that parsed cleanly.
    this.broken = !parse.config || parse.syntaxErrors === true;
    if (!this.broken) this.config = parse.config;
  }

  isConfigFile(rel: string): boolean {
    return rel === this.configRel || (this.configRel === undefined && BERTH_FILE_NAMES.includes(rel));
  }

  /** The service a file belongs to, when berth.yaml claims it. */
  serviceOf(rel: string): string | undefined {
    return this.config ? serviceForFile(this.config, rel)?.name : undefined;
  }

  covers(rel: string): boolean {
    return this.isConfigFile(rel) || this.serviceOf(rel) !== undefined;
  }

  /** True when some service's stack runs this compose file. */
  isStackCompose(rel: string): boolean {
    return !!this.config?.services.some((s) => composeOf(s) === rel);
  }

  /**
   * Re-reads the compose files stacks run (all, or only `rel`'s) through `read` (the editor's text for open
   * documents). Async file I/O, called from the workspace scan and when a compose file changes, never per
   * keystroke elsewhere. True when berth.yaml's own share (a compose file that cannot be read) changed.
   */
  async refreshStacks(read: (file: string) => Promise<string>, rel?: string): Promise<boolean> {
    const config = this.config;
    const before = this.stackFindings(this.configRel);
    if (!config) {
      this.stacks = { config: undefined, byService: new Map() };
      return before.length > 0;
    }
    const partial = rel !== undefined && this.stacks.config === config;
    const found = await composeStackFindings(this.root, config, { only: partial ? rel : undefined, readText: read });
    if (this.config !== config) return false; // a newer allocation arrived meanwhile; its scan refreshes again
    const byService = partial ? new Map(this.stacks.byService) : new Map<string, Finding[]>();
    if (partial) for (const s of config.services) if (composeOf(s) === rel) byService.delete(s.name);
    for (const f of found) byService.set(f.service ?? '', [...(byService.get(f.service ?? '') ?? []), f]);
    this.stacks = { config, byService };
    return JSON.stringify(before) !== JSON.stringify(this.stackFindings(this.configRel));
  }

  /** The stack findings located in one file, when they were computed against the current allocation. */
  private stackFindings(rel: string | undefined): Finding[] {
    const { config: then, byService } = this.stacks;
    const now = this.config;
    if (rel === undefined || !then || !now) return [];
    const found = [...byService.values()].flat().filter((f) => f.file === rel);
    if (then === now) return found;
    if (rel !== this.configRel) return [];
    // berth.yaml was edited since: its only stack finding (an unreadable compose file) stays while that service
    // still names the same file, at the stack's new place, so typing elsewhere does not make it flicker.
    return found.flatMap((f) => {
      const svc = now.services.find((s) => s.name === f.service);
      const old = then.services.find((s) => s.name === f.service);
      return svc?.stack && old && composeOf(svc) === composeOf(old) ? [{ ...f, range: svc.stack.range }] : [];
    });
  }

  /** The findings of one file through the core rules (the same ones `berth check` runs). */
  findings(rel: string, text: string, source?: SourceContext): Finding[] {
    if (this.isConfigFile(rel)) {
      this.configRel ??= rel; // berth.yaml created in the editor after start-up
      if (text !== this.text) this.update(text);
      const own = this.parse?.findings ?? [];
      const current = this.broken ? undefined : this.parse?.config;
      const all = current ? dedupe([...own, ...checkAllocation(current), ...this.stackFindings(rel)]) : own;
      return all.filter((f) => f.file === rel);
    }
    if (!this.config || !this.serviceOf(rel)) return [];
    const config = this.config;
    if (config.services.some((s) => s.kind?.config && normalizeRelPath(s.kind.config) === rel))
      this.kindTexts.set(rel, text);
    const kind = kindRoutes(config, (p) => this.kindTexts.get(p) ?? readIfExists(path.join(this.root, p)));
    const ports = checkFoundPorts(config, rel, text, this.portRefs(rel, text, source), kind).filter(
      (f) => f.file === rel,
    );
    return mergeComposeStackFindings(ports, this.stackFindings(rel));
  }

  /** The file (or the folder) was deleted: what was judged of it is not kept. */
  forget(rel: string): void {
    for (const memo of [this.refs, this.kindTexts]) deleteAtOrUnder(memo, rel);
  }

  /** Keeps what was judged of the files `keep` takes (the claimed and the open ones) and drops the rest. */
  keepJudged(keep: (rel: string) => boolean): void {
    for (const f of this.refs.keys()) if (!keep(f)) this.refs.delete(f);
  }

  /** How many files' port references are kept (the server reports its memory with it). */
  get judgedCount(): number {
    return this.refs.size;
  }

  /** The file's port references: found again only when its text or the declaration index changed. */
  private portRefs(rel: string, text: string, source?: SourceContext): PortRef[] {
    const declarations = source?.declarations?.version;
    const known = this.refs.get(rel);
    if (known && known.text === text && known.declarations === declarations) return known.refs;
    const refs = findPorts(normalizeRelPath(rel), text, source);
    this.refs.set(rel, { text, declarations, refs });
    return refs;
  }
}

/** The compose file a service's stack runs, root-relative as findings name it. */
function composeOf(service: ServiceDef): string | undefined {
  const compose = service.stack?.compose;
  return compose === undefined ? undefined : path.posix.normalize(compose.replace(/\\/g, '/'));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
