// The layering of src/ (docs: /README.md "Architecture"): extension, server, cli → stack, cleanup, init →
// engine, host, model → core. A folder imports its own tier and lower ones, never in a cycle; only src/extension
// imports vscode; only the engine client imports dockerode. Failures name the import as file:line → target.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cycleViolations, layerViolations, readImports, type LayerRules } from './importGraph';

const RULES: LayerRules = {
  tiers: {
    core: 0,
    engine: 1,
    host: 1,
    model: 1,
    stack: 2,
    cleanup: 2,
    init: 2,
    kube: 2,
    extension: 3,
    server: 3,
    cli: 3,
  },
  packages: {
    vscode: ['src/extension/'],
    dockerode: ['src/engine/client/'],
  },
};
// Known cycles, each to be deleted by the change that removes it (none left since the model layer, issue 10).
const KNOWN_CYCLES: LayerRules['allow'] = [];

const SRC = join(__dirname, '..', '..', 'src');

describe('src/ layering', () => {
  const imports = readImports(SRC);

  test('the compiler scanner sees src/ (static, type-only and dynamic imports)', () => {
    assert.ok(imports.some((i) => i.pkg === 'vscode'));
    assert.ok(imports.some((i) => i.file === 'src/cli/main.ts' && i.target === 'src/cli/status.ts'));
  });

  test('each folder imports only its own and lower tiers; vscode and dockerode only where allowed', () => {
    assert.deepEqual(layerViolations(imports, RULES), []);
  });

  test('no import cycles between folders or files', () => {
    assert.deepEqual(cycleViolations(imports, KNOWN_CYCLES), []);
  });
});

/** A throwaway src/ tree: path → content. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-layers-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return join(root, 'src');
}

describe('the layer check itself', () => {
  test('an upward import, vscode outside extension and dockerode outside the client are named by file:line', () => {
    const src = tree({
      'src/core/a.ts': `// pure\nimport { b } from '../engine/b';\nexport const a = b;\n`,
      'src/engine/b.ts': `export const b = 1;\n`,
      'src/stack/c.ts': `import type Docker from 'dockerode';\nimport * as vscode from 'vscode';\nexport type C = Docker | typeof vscode;\n`,
      'src/extension/d.ts': `import * as vscode from 'vscode';\nexport const d = () => import('../stack/c');\nexport { vscode };\n`,
      'src/odd/e.ts': `import { a } from '../core/a';\nexport const e = a;\n`,
    });
    assert.deepEqual(layerViolations(readImports(src), { ...RULES, allow: [] }), [
      'src/core/a.ts:2 → src/engine/b.ts (src/core may import core)',
      'src/odd/e.ts:1: folder src/odd has no tier in the layer rules',
      'src/stack/c.ts:1 → dockerode (only src/engine/client/ may import dockerode)',
      'src/stack/c.ts:2 → vscode (only src/extension/ may import vscode)',
    ]);
  });

  test('cycles between folders and between files are named with the imports that close them', () => {
    const src = tree({
      'src/engine/a.ts': `import type { B } from '../host/b';\nexport type A = B;\n`,
      'src/host/b.ts': `\nimport type { A } from '../engine/a';\nexport type B = A | 1;\n`,
      'src/core/x.ts': `import { y } from './y.js';\nexport const x = y;\n`,
      'src/core/y.ts': `export { x as y } from './x';\n`,
    });
    const found = cycleViolations(readImports(src));
    assert.deepEqual(found, [
      'folder cycle src/engine ⇄ src/host: src/engine/a.ts:1 → src/host/b.ts; src/host/b.ts:2 → src/engine/a.ts',
      'file cycle src/core/x.ts ⇄ src/core/y.ts: src/core/x.ts:1 → src/core/y.ts; src/core/y.ts:1 → src/core/x.ts',
      'file cycle src/engine/a.ts ⇄ src/host/b.ts: src/engine/a.ts:1 → src/host/b.ts; src/host/b.ts:2 → src/engine/a.ts',
    ]);
    const allow = [
      { edge: 'src/engine/a.ts → src/host/b.ts', why: 'test' },
      { edge: 'src/host/b.ts → src/engine/a.ts', why: 'test' },
      { edge: 'src/core/x.ts → src/nowhere.ts', why: 'stale' },
    ];
    assert.deepEqual(cycleViolations(readImports(src), allow), [
      found[1],
      'allow-list entry "src/core/x.ts → src/nowhere.ts" (stale) closes no cycle any more: delete it',
    ]);
  });
});
