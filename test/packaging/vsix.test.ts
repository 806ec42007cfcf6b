// The .vsix as the Marketplace and VS Code show it: `vsce ls` (through scripts/package.mjs --ls) holds every image
// the README shows, and the README inside the packaged .vsix points each one at the repository's copy of that file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  repository: { url: string };
  preview?: boolean;
  version: string;
};
const REPO = pkg.repository.url.replace(/\.git$/, '');

/** The image sources of a markdown text, in order (markdown-it's own reading, not a regex). */
function imageSources(markdown: string): string[] {
  const out: string[] = [];
  interface Tok {
    type: string;
    attrGet(name: string): string | null;
    children: Tok[] | null;
  }
  const walk = (tokens: Tok[]) => {
    for (const t of tokens) {
      if (t.type === 'image') out.push(t.attrGet('src') ?? '');
      if (t.children) walk(t.children);
    }
  };
  walk(new MarkdownIt().parse(markdown, {}) as Tok[]);
  return out;
}

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the packaged extension (.vsix)', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-vsix-test-'));
  const vsix = join(dir, 'berth.vsix');
  const readmeImages = imageSources(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  let entries: string[] = [];

  before(() => {
    const r = node([join(ROOT, 'scripts', 'package.mjs'), '--out', vsix]);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    entries = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the README shows pictures, all relative to the repository', () => {
    assert.ok(readmeImages.length >= 3, `README images: ${readmeImages.join(', ')}`);
    for (const src of readmeImages) {
      assert.doesNotMatch(src, /^[a-z]+:/, `${src}: the README links its own files`);
      assert.ok(existsSync(join(ROOT, src)), `${src} is not in the repository`);
    }
  });

  test('vsce ls lists every README image, the CHANGELOG and the bundles (the CLI too: the berth tasks run it)', () => {
    const r = node([join(ROOT, 'scripts', 'package.mjs'), '--ls']);
    assert.equal(r.status, 0, r.stderr);
    const listed = r.stdout.split('\n').map((l) => l.trim());
    for (const f of [...readmeImages, 'CHANGELOG.md', 'dist/extension.js', 'dist/server.js', 'dist/cli.js'])
      assert.ok(listed.includes(f), `${f} not in vsce ls:\n${r.stdout}`);
  });

  test("the packaged README points each image at the repository's file, which the .vsix also carries", () => {
    const readme = spawnSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8' }).stdout;
    const packaged = imageSources(readme);
    assert.deepEqual(
      packaged,
      readmeImages.map((src) => `${REPO}/raw/HEAD/${src}`),
    );
    for (const src of readmeImages) assert.ok(entries.includes(`extension/${src}`), `${src} missing from the .vsix`);
  });

  test('the manifest: the extension is berth-dev.berth, a preview while 0.x, with repository, bugs and homepage', () => {
    const manifest = JSON.parse(
      spawnSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }).stdout,
    ) as Record<string, unknown>;
    assert.equal(`${String(manifest.publisher)}.${String(manifest.name)}`, 'berth-dev.berth');
    assert.equal(manifest.preview, pkg.version.startsWith('0.') ? true : undefined);
    assert.ok(manifest.repository && manifest.bugs && manifest.homepage);
    assert.equal(manifest.files, undefined, "npm's files list is not the extension's");
    const vsixManifest = spawnSync('unzip', ['-p', vsix, 'extension.vsixmanifest'], { encoding: 'utf8' }).stdout;
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Content\.Changelog/);
  });
});
