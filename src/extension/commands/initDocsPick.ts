// "Also import allocation tables from…": the workspace's markdown documents holding port or range tables,
// all checked at first (a team's allocation table is what it means its ports to be; uncheck all for the
// repository alone), then, when the picked documents hold several tables, one table (tier) by its heading,
// as `berth init --table` picks it, or all of them. Escape cancels init.
import * as vscode from 'vscode';
import type { DocInput } from '../../init/docImport';
import type { FoundDoc } from '../../init/docFind';

export interface DocChoice {
  docs: DocInput[];
  table?: string;
}

interface DocItem extends vscode.QuickPickItem {
  doc: FoundDoc;
}

interface TableItem extends vscode.QuickPickItem {
  table?: string;
}

export async function pickAllocationDocs(found: FoundDoc[]): Promise<DocChoice | undefined> {
  if (found.length === 0) return { docs: [] };
  const items: DocItem[] = found.map((doc) => ({
    label: doc.path,
    iconPath: new vscode.ThemeIcon('book'),
    description: `${doc.tables.length} allocation table${doc.tables.length === 1 ? '' : 's'}`,
    detail: doc.tables.map((t) => t.heading || '(no heading)').join(' · '),
    picked: true,
    doc,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Berth: Also import allocation tables from…',
    placeHolder: 'Documents whose port tables the proposal takes; none: the repository alone',
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const docs = picked.map((p) => ({ path: p.doc.path, text: p.doc.text }));
  const tables = picked.flatMap((p) => p.doc.tables.map((t) => ({ ...t, doc: p.doc.path })));
  if (tables.length < 2) return { docs };
  const tableItems: TableItem[] = [
    ...tables
      .filter((t) => t.heading)
      .map((t) => ({
        label: t.heading,
        iconPath: new vscode.ThemeIcon('table'),
        description: `${t.doc}:${t.line}`,
        detail: t.kind === 'ranges' ? 'range table' : 'port table',
        table: t.heading,
      })),
    { label: 'All tables', iconPath: new vscode.ThemeIcon('list-flat'), description: 'as without --table' },
  ];
  const table = await vscode.window.showQuickPick(tableItems, {
    title: 'Berth: Which allocation table (tier)?',
    placeHolder: 'Tables whose heading contains the picked one are imported (like --table)',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!table) return undefined;
  return { docs, ...(table.table !== undefined ? { table: table.table } : {}) };
}
