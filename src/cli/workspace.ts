// berth.yaml as the CLI commands load it: one way to open the workspace and one way to say why it
// cannot be used (the command then exits 2).
import type { BerthConfig, Finding } from '../core/types';
import { loadWorkspace, type LoadedWorkspace } from '../host/workspaceFiles';
import type { CliIo } from './io';

/** The workspace at root, or undefined after `berth <command>: <why>` on stderr (no directory, no berth.yaml). */
export async function openWorkspace(command: string, root: string, io: CliIo): Promise<LoadedWorkspace | undefined> {
  const ws = await loadWorkspace(root);
  if (!('error' in ws)) return ws;
  io.stderr.write(`berth ${command}: ${ws.error}\n`);
  return undefined;
}

/** The workspace and its config, or undefined after saying why (as openWorkspace, or berth.yaml's errors). */
export async function openConfig(
  command: string,
  root: string,
  io: CliIo,
): Promise<{ ws: LoadedWorkspace; config: BerthConfig } | undefined> {
  const ws = await openWorkspace(command, root, io);
  if (!ws) return undefined;
  if (ws.parse.config) return { ws, config: ws.parse.config };
  reportUnusable(
    command,
    ws.configPath,
    ws.parse.findings.filter((f) => f.severity === 'error'),
    io,
  );
  return undefined;
}

/** `berth <command>: <configPath> is unusable:` and one located line per finding. */
export function reportUnusable(command: string, configPath: string, findings: Finding[], io: CliIo): void {
  io.stderr.write(`berth ${command}: ${configPath} is unusable:\n`);
  for (const f of findings)
    io.stderr.write(`  ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.message}\n`);
}
