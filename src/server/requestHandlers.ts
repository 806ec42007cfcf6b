// The client's requests on an open document: quick fixes for berth's diagnostics and hovers on ports, plus
// the live holders the extension pushes for those hovers and the benches' memory probes.
import type { CodeAction, Connection, Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../core/types';
import { quickFixes, type QuickFixContext } from './codeActions';
import { portHover } from './hover';
import { HOLDERS_NOTIFICATION, LiveHolderStore } from './liveHolders';
import type { ServerSession } from './session';
import type { WorkspaceRoot } from './workspaceRoot';
import { pathToUri, uriToPath } from './uris';

/** `sizes`: what the server keeps for a root between re-checks, in entries. */
export function listenToRequests(
  connection: Connection,
  session: ServerSession,
  sizes: (root: WorkspaceRoot) => Record<string, number | null>,
): void {
  const { documents, lastFindings } = session;
  const log = (msg: string) => session.log(msg);

  connection.onCodeAction((params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      const where = doc && session.locate(doc.uri);
      if (!doc || !where) {
        if (params.context.diagnostics.some((d) => d.source === 'berth'))
          log(`berth: no quick fix for ${params.textDocument.uri}: ${doc ? 'in no workspace root' : 'not open here'}`);
        return [];
      }
      const { root, rel } = where;
      const isBerthYaml = root.isConfigFile(rel);
      let cached = lastFindings.get(doc.uri);
      const fresh = !cached || cached.version !== doc.version;
      const matches = (findings: Finding[], d: Diagnostic) =>
        findings.find((f) => f.code === d.code && sameRange(f.range, d.range));
      const berthDiagnostics = params.context.diagnostics.filter((d) => d.source === 'berth');
      // A kept result that no longer explains the editor's diagnostics (judged before the allocation or the
      // index changed) is judged again rather than offering nothing.
      if (fresh || berthDiagnostics.some((d) => !matches(cached!.findings, d))) {
        cached = { version: doc.version, findings: session.analyse(root, rel, doc.getText()) };
        lastFindings.set(doc.uri, cached);
      }
      const findings = cached!.findings;
      const berthOpen =
        root.configPath && session.isOpen(root.configPath)
          ? documents.all().find((d) => uriToPath(d.uri) === root.configPath)
          : undefined;
      const ctx: QuickFixContext = {
        doc,
        rel,
        isBerthYaml,
        config: isBerthYaml ? (root.parse?.config ?? root.config) : root.config,
        berth:
          root.configPath && root.text !== undefined
            ? { uri: berthOpen?.uri ?? pathToUri(root.configPath), text: berthOpen?.getText() ?? root.text }
            : undefined,
      };
      const actions: CodeAction[] = [];
      for (const diagnostic of berthDiagnostics) {
        const finding = matches(findings, diagnostic);
        if (finding) actions.push(...quickFixes(finding, diagnostic, ctx));
        else
          log(
            `berth: no quick fix for ${rel}:${diagnostic.range.start.line + 1} (${String(diagnostic.code)}): this text's check does not report it`,
          );
      }
      return actions;
    } catch (e) {
      log(`berth: code actions failed: ${String(e)}`);
      return [];
    }
  });

  const holders = new LiveHolderStore();
  connection.onNotification(HOLDERS_NOTIFICATION, (params: unknown) => {
    const refused = holders.set(params);
    if (refused) log(`berth: ${refused}`);
  });

  connection.onHover((params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      const where = doc && session.locate(doc.uri);
      if (!doc || !where) return null;
      const { root, rel } = where;
      const isBerthYaml = root.isConfigFile(rel);
      const config = isBerthYaml ? (root.parse?.config ?? root.config) : root.config;
      const text = doc.getText();
      if (!config || text.includes('\0')) return null;
      if (!isBerthYaml && !root.serviceOf(rel) && !session.includeMatcher?.(rel)) return null;
      const context = session.sources.context(root, doc.uri);
      return portHover(config, rel, text, params.position, isBerthYaml, context, (p) => holders.of(p)) ?? null;
    } catch (e) {
      log(`berth: hover failed: ${String(e)}`);
      return null;
    }
  });

  // For bench/lsp.ts: the server's own memory (after a GC when node runs with --expose-gc).
  connection.onRequest('berth/memoryUsage', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });

  // For the benches and tests: per root, how much is kept (a long session must not grow with files gone).
  connection.onRequest('berth/cacheSizes', () => session.roots.map((r) => ({ root: r.root, ...sizes(r) })));
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
