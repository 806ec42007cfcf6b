// Start/stop/clean/restart run processes and touch containers: only in trusted workspaces. The menus
// hide them (isWorkspaceTrusted); this is the runtime check for keybindings and direct calls.
import * as vscode from 'vscode';

export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Berth: ${action} is disabled in an untrusted workspace. Diagnostics keep working; trust the workspace to manage containers and ports.`,
      'Manage Workspace Trust',
    )
    .then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
