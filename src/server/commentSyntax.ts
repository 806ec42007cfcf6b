// Line-comment syntax per file type, for the "Ignore on this line" fix. JSON has no comments: no fix there.
import * as path from 'node:path';

export interface CommentSyntax {
  start: string;
  end?: string;
  /** Put the ignore on its own line above instead of at the line's end (some .env readers keep a trailing
   *  `# ...` as part of the value). */
  ownLine?: boolean;
}

const hash: CommentSyntax = { start: '#' };
const slashes: CommentSyntax = { start: '//' };
const dashes: CommentSyntax = { start: '--' };
const markup: CommentSyntax = { start: '<!--', end: '-->' };

const byExtension: Record<string, CommentSyntax> = {
  yaml: hash,
  yml: hash,
  py: hash,
  sh: hash,
  bash: hash,
  zsh: hash,
  toml: hash,
  conf: hash,
  cfg: hash,
  properties: hash,
  rb: hash,
  pl: hash,
  r: hash,
  tf: hash,
  hcl: hash,
  nix: hash,
  ps1: hash,
  ini: { start: ';' },
  ts: slashes,
  tsx: slashes,
  mts: slashes,
  cts: slashes,
  js: slashes,
  jsx: slashes,
  mjs: slashes,
  cjs: slashes,
  go: slashes,
  jsonc: slashes,
  json5: slashes,
  java: slashes,
  kt: slashes,
  kts: slashes,
  scala: slashes,
  groovy: slashes,
  gradle: slashes,
  c: slashes,
  h: slashes,
  cc: slashes,
  cpp: slashes,
  hpp: slashes,
  cs: slashes,
  rs: slashes,
  swift: slashes,
  dart: slashes,
  php: slashes,
  zig: slashes,
  sql: dashes,
  lua: dashes,
  hs: dashes,
  md: markup,
  html: markup,
  xml: markup,
};

const byName: Record<string, CommentSyntax> = {
  dockerfile: hash,
  containerfile: hash,
  makefile: hash,
  'tsconfig.json': slashes,
  'jsconfig.json': slashes,
  '.devcontainer.json': slashes,
};

export function commentSyntaxFor(file: string): CommentSyntax | undefined {
  const base = path.posix.basename(file.replace(/\\/g, '/')).toLowerCase();
  if (byName[base]) return byName[base];
  // .env, .env.local, app.env, test.env.example
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env') || /\.env\.[a-z]+$/.test(base)) {
    return { start: '#', ownLine: true };
  }
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  return byExtension[ext];
}
