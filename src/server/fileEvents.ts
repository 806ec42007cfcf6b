// The events that say a text changed: documents opened, edited and closed in the editor, and files created,
// changed or deleted on disk (the client's file watchers). Each one schedules the re-check it calls for.
import { FileChangeType, type Connection } from 'vscode-languageserver/node';
import { isWalkedPath } from '../host/workspaceFiles';
import type { FileChange } from './diskTexts';
import type { Rechecks } from './rechecks';
import type { ServerSession } from './session';
import { uriToPath } from './uris';
import type { WorkspaceRoot } from './workspaceRoot';
import { isAtOrUnder } from '../core/folderPaths';

export function listenToFileEvents(connection: Connection, session: ServerSession, rechecks: Rechecks): void {
  const { documents, scheduler, sources } = session;
  const { scans } = rechecks;

  documents.onDidOpen((e) => {
    session.trackOpen(e.document.uri, 1);
    rechecks.scheduleDocument(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => rechecks.scheduleDocument(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    session.trackOpen(uri, -1);
    scheduler.cancel(`doc:${uri}`);
    session.lastFindings.delete(uri);
    sources.forget(uri);
    const where = session.locate(uri);
    if (!where) return session.publish(uri, []);
    scans.files(where.root).changed(where.rel, 'changed'); // saved or not, the disk is read again
    // Unsaved edits are gone: the file shows what is on disk again (berth.yaml: reload the allocation).
    if (where.root.isConfigFile(where.rel)) rechecks.scheduleBerthYamlFromDisk(where.root);
    else rechecks.scheduleDiskFile(where.root, where.file, uri);
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const where = session.locate(change.uri);
      if (!where) continue;
      const { root, rel, file } = where;
      const kind =
        change.type === FileChangeType.Created
          ? 'created'
          : change.type === FileChangeType.Deleted
            ? 'deleted'
            : 'changed';
      scans.files(root).changed(rel, kind);
      if (kind === 'deleted') {
        // Nothing of a deleted file is kept: a long session must not grow with every file it saw come and go.
        root.forget(rel);
        sources.forgetPath(rel);
      }
      if (!root.isConfigFile(rel)) declarationsChanged(root, rel, kind);
      if (root.isConfigFile(rel)) {
        // The editor's buffer wins over the disk while berth.yaml is open.
        if (!session.isOpen(file)) rechecks.scheduleBerthYamlFromDisk(root);
      } else if (!session.isOpen(file)) {
        if (change.type === FileChangeType.Deleted && !root.isStackCompose(rel)) {
          scheduler.cancel(`disk:${file}`);
          // A deleted folder arrives as one event for the folder: what its files showed goes with it.
          for (const uri of scans.showing(root)) {
            if (!isAtOrUnder(uri, change.uri)) continue;
            scheduler.cancel(`disk:${uriToPath(uri)}`);
            scans.showing(root).delete(uri);
            session.publish(uri, []);
          }
          session.publish(change.uri, []);
        } else if (root.covers(rel) || root.isStackCompose(rel) || scans.showing(root).has(change.uri)) {
          // (The source-file watcher reports every source file: one nobody claims has nothing to show.)
          rechecks.scheduleDiskFile(root, file, change.uri); // a stack's compose file deleted: berth.yaml then says so
        }
      }
    }
  });

  /**
   * A source file on disk may declare what a claimed file calls. Deleted: its declarations go now. Changed
   * outside the claimed files: they go too, and the scan reads the file again if a call still needs it (a
   * claimed file's own re-check re-indexes it). A scan follows whenever a call may now resolve differently.
   */
  function declarationsChanged(root: WorkspaceRoot, rel: string, kind: FileChange): void {
    const claimed = root.covers(rel);
    const dropped = (kind === 'deleted' || !claimed) && sources.dropDeclarations(root, rel);
    if (dropped && kind === 'deleted') rechecks.rejudgeOpenDocuments(root);
    if (dropped || (!claimed && kind !== 'deleted' && isWalkedPath(rel) && sources.mayResolve(root, rel)))
      scans.schedule(root);
  }
}
