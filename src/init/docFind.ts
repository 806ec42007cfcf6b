// The workspace's markdown documents that hold allocation tables (docs/ports.md …): what the editor's
// "Also import allocation tables from…" pick offers, with each document's tables and their headings.
import picomatch from 'picomatch';
import { readCheckable } from '../host/checkableFiles';
import { listFiles } from '../host/workspaceFiles';
import { allocationTables } from './docImport';
import { INIT_IGNORE } from './scan';

export interface FoundDoc {
  /** Relative to the workspace root, forward slashes. */
  path: string;
  text: string;
  tables: { heading: string; line: number; kind: 'matrix' | 'ranges' }[];
}

export async function findAllocationDocs(root: string): Promise<FoundDoc[]> {
  const files = await listFiles(root, ['**/*.md'], picomatch('**/*.md', { dot: true, ignore: INIT_IGNORE }));
  return readCheckable(root, files.sort(), () => {}).flatMap(({ path, text }) => {
    const tables = allocationTables(text);
    return tables.length > 0 ? [{ path, text, tables }] : [];
  });
}
