// Temporary workspace trees for CLI and file-listing tests; removeTempWorkspaces() in an after hook.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const created: string[] = [];

export function tempWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-ws-'));
  created.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

export function removeTempWorkspaces(): void {
  for (const t of created.splice(0)) rmSync(t, { recursive: true, force: true });
}
