// When and what the server judges again: an open document after a keystroke, berth.yaml and everything it
// allocates after an allocation change, a file on disk after a watched-file event, the whole workspace
// after a scan's trigger. Every run goes through the scheduler, so a newer request supersedes an older one.
import { promises as fs } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSession } from './session';
import { WorkspaceScans } from './workspaceScan';
import type { WorkspaceRoot } from './workspaceRoot';
import { pathToUri, relativeTo } from './uris';

export class Rechecks {
  readonly scans: WorkspaceScans;

  constructor(
    private readonly session: ServerSession,
    private readonly scanDelay: number,
  ) {
    this.scans = new WorkspaceScans(
      session.scheduler,
      session.sources,
      {
        ready: () => session.ready,
        enabled: () => session.settings.enable,
        isOpen: (file) => session.isOpen(file),
        watchesSources: () => session.watchesSources,
        refreshStacks: (root) => this.refreshStacks(root),
        judge: (root, rel, text, source) => session.diagnosticsOf(root, session.analyse(root, rel, text, source)),
        publish: (uri, diagnostics) => session.publish(uri, diagnostics),
        rejudgeOpenDocuments: (root) => this.rejudgeOpenDocuments(root),
      },
      scanDelay,
    );
  }

  /** Settings changed: every open document and every root's files. */
  everything(): void {
    for (const d of this.session.documents.all()) this.scheduleDocument(d.uri, 0);
    for (const r of this.session.roots) this.scans.schedule(r, 0);
  }

  /** A root is ready (start-up, a folder added): berth.yaml on disk gets its diagnostics before anyone opens it. */
  startRoot(root: WorkspaceRoot): void {
    const s = this.session;
    if (root.configPath && root.configRel && root.text !== undefined && !s.isOpen(root.configPath)) {
      s.publish(pathToUri(root.configPath), s.diagnosticsOf(root, s.analyse(root, root.configRel, root.text)));
    }
    this.scans.schedule(root, 0);
  }

  /** A root went away (its folder removed): nothing of it is judged or kept any more, nothing it showed stays. */
  dropRoot(root: WorkspaceRoot): void {
    const s = this.session;
    s.scheduler.cancel(`scan:${root.root}`);
    s.scheduler.cancel(`berth:${root.root}`);
    for (const uri of this.scans.forget(root)) s.publish(uri, []);
    if (root.configPath && !s.isOpen(root.configPath)) s.publish(pathToUri(root.configPath), []);
  }

  rejudgeOpenDocuments(root: WorkspaceRoot): void {
    const s = this.session;
    for (const d of s.documents.all()) if (s.locate(d.uri)?.root === root) this.scheduleDocument(d.uri, 0);
  }

  // ---------- compose files of stacks ----------

  /** The stack reader sees what the user sees: an open compose file's buffer, else the disk. */
  private readForStacks(file: string): Promise<string> {
    const doc = this.session.openDocument(file);
    return doc ? Promise.resolve(doc.getText()) : fs.readFile(file, 'utf8');
  }

  /** Re-reads the compose files stacks run (all, or the one at rel); berth.yaml is re-published when its share changed. */
  async refreshStacks(root: WorkspaceRoot, rel?: string): Promise<void> {
    if (this.session.settings.enable && (await root.refreshStacks((f) => this.readForStacks(f), rel)))
      this.publishBerthYaml(root);
  }

  /** berth.yaml's diagnostics: from its buffer when open, else from the text read from disk. */
  publishBerthYaml(root: WorkspaceRoot): void {
    const s = this.session;
    const file = root.configPath;
    if (!file || !root.configRel) return;
    const doc = s.openDocument(file);
    if (doc)
      this.scheduleDocument(doc.uri, 0); // its buffer, its version
    else if (root.text !== undefined)
      s.publish(pathToUri(file), s.diagnosticsOf(root, s.analyse(root, root.configRel, root.text)));
  }

  // ---------- open documents ----------

  scheduleDocument(uri: string, delay?: number): void {
    const s = this.session;
    s.scheduler.schedule(
      `doc:${uri}`,
      async (run) => {
        await s.ready;
        if (run.superseded) return;
        let doc = s.documents.get(uri);
        if (!doc) return;
        const where = s.locate(uri);
        if (!where) return s.publish(uri, [], doc.version);
        const { root, rel } = where;
        if (root.isConfigFile(rel)) return this.onBerthYamlText(root, doc);
        if (root.isStackCompose(rel)) {
          // A compose file a stack runs: what `berth up` would refuse, from this buffer (one file's read, debounced).
          await this.refreshStacks(root, rel);
          doc = s.documents.get(uri);
          if (run.superseded || !doc) return;
        }
        await s.sources.prepare([rel]);
        doc = s.documents.get(uri);
        if (run.superseded || !doc) return;
        const findings = s.analyse(root, rel, doc.getText(), s.sources.context(root, uri));
        s.lastFindings.set(uri, { version: doc.version, findings });
        s.publish(uri, s.diagnosticsOf(root, findings), doc.version);
      },
      delay,
    );
  }

  /** berth.yaml's buffer changed: its own diagnostics now; everything else when the allocation changed. */
  private onBerthYamlText(root: WorkspaceRoot, doc: TextDocument): void {
    const s = this.session;
    const before = root.config;
    const text = doc.getText();
    const findings = s.analyse(root, root.configRel ?? 'berth.yaml', text);
    if (!s.settings.enable) root.update(text); // analyse skipped it; the allocation must still follow the buffer
    s.lastFindings.set(doc.uri, { version: doc.version, findings });
    s.publish(doc.uri, s.diagnosticsOf(root, findings), doc.version);
    if (root.config !== before) this.rediagnoseRoot(root, doc.uri);
  }

  /** The allocation changed: open documents now, the claimed files on disk from the scan's memory. */
  private rediagnoseRoot(root: WorkspaceRoot, except?: string): void {
    const s = this.session;
    for (const d of s.documents.all()) {
      if (d.uri !== except && s.locate(d.uri)?.root === root) this.scheduleDocument(d.uri, 0);
    }
    this.scans.scheduleAfterEdit(root);
  }

  // ---------- files on disk ----------

  scheduleBerthYamlFromDisk(root: WorkspaceRoot): void {
    const s = this.session;
    s.scheduler.schedule(
      `berth:${root.root}`,
      async (run) => {
        await s.ready;
        const before = root.config;
        const previousUri = root.configPath ? pathToUri(root.configPath) : undefined;
        await root.loadFromDisk();
        if (run.superseded) return;
        const uri = root.configPath ? pathToUri(root.configPath) : undefined;
        if (previousUri && previousUri !== uri) s.publish(previousUri, []); // berth.yaml deleted or renamed
        if (uri && root.configRel && root.text !== undefined) {
          s.publish(uri, s.diagnosticsOf(root, s.analyse(root, root.configRel, root.text)));
        }
        if (root.config !== before) this.rediagnoseRoot(root);
      },
      this.scanDelay,
    );
  }

  scheduleDiskFile(root: WorkspaceRoot, file: string, uri = pathToUri(file)): void {
    const s = this.session;
    s.scheduler.schedule(
      `disk:${file}`,
      async (run) => {
        await s.ready;
        const rel = relativeTo(root.root, file);
        if (rel && root.isStackCompose(rel)) await this.refreshStacks(root, rel);
        const text = rel && root.covers(rel) ? await this.scans.files(root).read(rel) : undefined;
        if (rel) await s.sources.prepare([rel]);
        if (run.superseded || s.isOpen(file) || !s.roots.includes(root)) return; // edited since, open, or root removed
        if (rel && text === undefined) root.forget(rel); // closed and gone (or never claimed): nothing to keep
        const diagnostics = rel && text !== undefined ? s.diagnosticsOf(root, s.analyse(root, rel, text)) : [];
        s.publish(uri, diagnostics);
        const set = this.scans.showing(root);
        if (diagnostics.length > 0) set.add(uri);
        else set.delete(uri);
      },
      this.scanDelay,
    );
  }
}
