// CodeLenses above each service in berth.yaml and atop each compose file that is a service's stack, redrawn on
// every refresh of the view; each folder's files get its own berth.yaml's services, and the lens names the folder
// to the command. The compose files also go into a context key for the explorer and editor menus.
import * as vscode from 'vscode';
import { parseBerthYaml } from '../core/berthYaml';
import { composeServices } from './commands/target';
import { serviceLensSpecs } from './lensSpecs';
import type { Session } from './session';

class BerthCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly session: Session) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const f = this.session.folderOf(doc.uri);
    if (!f) return [];
    const places: { name: string; line: number }[] = [];
    if (doc.uri.fsPath === f.configUri.fsPath) {
      // The text being edited, not the last saved parse: lenses stay on their service's line while typing.
      const config = parseBerthYaml(doc.getText(), f.config.file).config ?? f.config;
      for (const def of config.services) places.push({ name: def.name, line: def.range.start.line });
    } else for (const name of composeServices(f.config, f.root, doc.uri)) places.push({ name, line: 0 });
    const trusted = vscode.workspace.isTrusted;
    return places.flatMap(({ name, line }) => {
      const def = f.config.services.find((d) => d.name === name);
      const range = new vscode.Range(line, 0, line, 0);
      return serviceLensSpecs(name, !!def?.stack, f.services.get(name), trusted, f.key).map(
        (l) =>
          new vscode.CodeLens(range, { title: l.title, command: l.command, arguments: l.args, tooltip: l.tooltip }),
      );
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerCodeLenses(session: Session): vscode.Disposable {
  const lenses = new BerthCodeLenses(session);
  let composeKey = '';
  const onRefresh = () => {
    lenses.refresh();
    const files = session
      .folders()
      .flatMap((f) =>
        f.config.services.flatMap((d) =>
          d.stack?.compose ? [vscode.Uri.joinPath(f.root, d.stack.compose).fsPath] : [],
        ),
      );
    const key = JSON.stringify(files);
    if (key === composeKey) return;
    composeKey = key;
    void vscode.commands.executeCommand('setContext', 'berth.stackComposeFiles', files);
  };
  return vscode.Disposable.from(
    lenses,
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', pattern: '**/berth.{yaml,yml}' },
        { scheme: 'file', language: 'dockercompose' },
        { scheme: 'file', language: 'yaml' },
      ],
      lenses,
    ),
    session.onDidRefresh(onRefresh),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
  );
}
