// Port helpers shared by the harness, the UI suites and (bundled) the extension-host suites. No vscode here.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** True when nothing listens on the port (on host, default all interfaces). */
export function portFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * A plain node server on the port, resolved once it listens: a "dev server" nobody attributes to an engine.
 * ELECTRON_RUN_AS_NODE lets it start from Electron's binary too (test-electron's extension host).
 */
export function plantListener(port: number): Promise<ChildProcess> {
  const code = `require('net').createServer(() => {}).listen(${port}, '0.0.0.0', () => console.log('listening'))`;
  const child = spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '' },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`planted listener on ${port} exited early (${c})`)));
    child.stdout!.once('data', () => resolve(child));
  });
}
