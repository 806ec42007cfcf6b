// What the stack benches share: the engines' sockets, their command-line options, the demo stack moved to a
// bench's own ports, and a GET that answers with the status (0 when nothing answers).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { parseBerthYaml } from '../src/core/berthYaml';
import type { BerthConfig } from '../src/core/types';

export const DEMO = resolve(__dirname, '../examples/demo');
export const SOCKETS = { docker: 'unix:///var/run/docker.sock', podman: 'unix:///run/podman/podman.sock' } as const;
export type Kind = keyof typeof SOCKETS;

/** `--name value` of the command line, or undefined; `--engines a,b` as engine kinds. */
export function benchArgs(args = process.argv.slice(2)) {
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const engines = (opt('--engines') ?? 'docker,podman').split(',').filter(Boolean) as Kind[];
  return { opt, flag: (name: string) => args.includes(name), engines };
}

/** The demo's workflowexecution stack as-is, renamed to `service` and moved to `ports` so nothing real is touched. */
export function demoStackConfig(service: string, ports: Record<string, number>): BerthConfig {
  const parsed = parseBerthYaml(readFileSync(join(DEMO, 'berth.yaml'), 'utf8'));
  const svc = parsed.config?.services.find((s) => s.name === 'workflowexecution');
  if (!parsed.config || !svc?.stack) throw new Error('examples/demo/berth.yaml has no stack for workflowexecution');
  const moved = svc.ports.map((p) => ({ ...p, service, port: ports[p.role] ?? p.port }));
  return { ...parsed.config, services: [{ ...svc, name: service, ports: moved }] };
}

export function httpStatus(port: number, path: string): Promise<number> {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 2000, agent: false }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(0));
    req.end();
  });
}
