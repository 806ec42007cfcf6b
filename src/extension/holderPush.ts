// Keeps the language server's hovers in step with the view: after each refresh whose holders changed, the last
// scan's holder of every allocated port goes to the server (berth/holders); a restarted server gets it again.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { liveHolders } from '../model/portHolderText';
import { HOLDERS_NOTIFICATION, type HoldersParams } from '../server/liveHolders';
import type { Session } from './session';

export function pushHoldersToServer(client: LanguageClient, session: Session): vscode.Disposable {
  let sent: string | undefined;
  const push = () => {
    const params: HoldersParams = { holders: liveHolders(session.allServices()) };
    const key = JSON.stringify(params);
    if (key === sent || !client.isRunning()) return;
    sent = key;
    client.sendNotification(HOLDERS_NOTIFICATION, params).catch((e: unknown) => {
      sent = undefined;
      session.log.warn(`could not send the port holders to the language server: ${String(e)}`);
    });
  };
  push();
  return vscode.Disposable.from(
    session.onDidRefresh(push),
    client.onDidChangeState((e) => {
      if (e.newState !== State.Running) return;
      sent = undefined;
      push();
    }),
  );
}
