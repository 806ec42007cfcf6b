// The "Get started with Berth" walkthrough (package.json contributes.walkthroughs). Its steps complete on what
// really happened: berth.yaml read without errors (berth.config == ok), the view shown (onView), and, through the
// context keys set here, a stack that became ready and one service's ports left clean.
import * as vscode from 'vscode';

/** The walkthrough's full id, as workbench.action.openWalkthrough takes it. */
export const WALKTHROUGH_ID = 'berth-dev.berth#berth.gettingStarted';

export type WalkthroughMilestone = 'stackStarted' | 'portsClean';

/** Marks a milestone of this window: the step whose completionEvents name its context key completes. */
export function reachMilestone(milestone: WalkthroughMilestone): void {
  void vscode.commands.executeCommand('setContext', `berth.walkthrough.${milestone}`, true);
}

export function openWalkthrough(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}
