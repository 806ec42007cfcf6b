// The documents the editor's "Also import allocation tables from…" pick offers: markdown files with a
// port or range table (with each table's heading), not prose, not other tables, not node_modules.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { findAllocationDocs } from '../../src/init/docFind';
import { removeTempWorkspaces, tempWorkspace } from '../cli/tempWorkspace';

after(removeTempWorkspaces);

test('markdown documents holding allocation tables, each with its tables', async () => {
  const root = tempWorkspace({
    'docs/ports.md':
      '# Ports\n\n## Integration\n\n| Service | Redis |\n|---|---|\n| Gateway | 16380 |\n\n## Pools\n\n| Pool | Range |\n|---|---|\n| Redis | 16380-16399 |\n',
    'docs/team.md': '| Name | Role |\n|---|---|\n| Ana | lead |\n',
    'README.md': '# Readme\n\nNo tables.\n',
    'node_modules/pkg/ports.md': '| Service | Redis |\n|---|---|\n| X | 16999 |\n',
  });
  const found = await findAllocationDocs(root);
  assert.deepEqual(
    found.map((d) => ({ path: d.path, tables: d.tables })),
    [
      {
        path: 'docs/ports.md',
        tables: [
          { heading: 'Integration', line: 5, kind: 'matrix' },
          { heading: 'Pools', line: 11, kind: 'ranges' },
        ],
      },
    ],
  );
});
