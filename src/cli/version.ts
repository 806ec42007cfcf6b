// Berth's version for `berth --version`: esbuild writes it into the bundle (define); running from the sources
// (tests, tsx) reads the repository's package.json instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare const BERTH_VERSION: string | undefined;

export function berthVersion(): string {
  if (typeof BERTH_VERSION === 'string') return BERTH_VERSION;
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
