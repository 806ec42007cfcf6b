// The language server bundled as VS Code runs it (one minified file plus the grammars), for the server benches.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { copyGrammars } from '../test/cli/buildCli';

/** Builds dist-like server.js into `out` from this checkout's sources, or from another checkout's (`srcRoot`). */
export async function buildServer(out: string, srcRoot = path.resolve(__dirname, '..')): Promise<string> {
  const serverJs = path.join(out, 'server.js');
  await esbuild.build({
    entryPoints: [path.join(srcRoot, 'src/server/main.ts')],
    outfile: serverJs,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
  });
  copyGrammars(out);
  return serverJs;
}
