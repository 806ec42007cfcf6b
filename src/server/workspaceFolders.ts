// Workspace folders a client adds and removes while the server runs (VS Code's client restarts the server
// instead; other editors send the change). A removed folder takes everything kept for it and clears what it
// showed; an added one is read and scanned as at start-up. Open documents are judged again by the root that
// now holds them (or by none).
import type { Connection } from 'vscode-languageserver/node';
import type { Rechecks } from './rechecks';
import type { ServerSession } from './session';
import { WorkspaceRoot } from './workspaceRoot';
import { uriToPath } from './uris';

export function listenToWorkspaceFolders(connection: Connection, session: ServerSession, rechecks: Rechecks): void {
  connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
    const gone = new Set(removed.map((f) => uriToPath(f.uri)));
    for (const r of session.roots.filter((r) => gone.has(r.root))) rechecks.dropRoot(r);
    session.roots = session.roots.filter((r) => !gone.has(r.root));
    const known = new Set(session.roots.map((r) => r.root));
    const fresh = [...new Set(added.map((f) => uriToPath(f.uri)))]
      .filter((p): p is string => !!p && !known.has(p))
      .map((p) => new WorkspaceRoot(p));
    session.roots.push(...fresh);
    const loaded = Promise.all(
      fresh.map((r) => r.loadFromDisk().catch((e: unknown) => void (r.loadError = String(e)))),
    );
    // Documents may change roots before the new ones are read: their re-check waits for the reads.
    session.ready = Promise.all([session.ready, loaded]).then(() => undefined);
    void session.ready.then(() => fresh.forEach((r) => rechecks.startRoot(r)));
    for (const d of session.documents.all()) rechecks.scheduleDocument(d.uri, 0);
  });
}
