// "$(pass) 2/3 stacks healthy · 1 port conflict" in the status bar; clicking it focuses the Berth view.
import * as vscode from 'vscode';
import type { StatusSummary } from './statusSummary';

export class BerthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('berth.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Berth';
    this.item.command = 'berth.services.focus';
  }

  show(s: StatusSummary | undefined): void {
    if (!s) {
      this.item.hide();
      return;
    }
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    this.item.backgroundColor = s.background ? new vscode.ThemeColor(s.background) : undefined;
    this.item.accessibilityInformation = { label: s.text.replace(/\$\([^)]+\)\s*/g, '') };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
