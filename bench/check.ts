// Speed of `berth check` (not a test): run with `node --import tsx bench/check.ts`.
//  1. one 10,000-line compose file: findPorts + checkFile in-process (the work the language server
//     repeats on each edit); aim < 20 ms.
//  2. a generated 2,000-file workspace through the bundled CLI as a process; aim < 1.5 s.
// Prints medians; bare `node -e ""` start-up is printed too so the CLI number can be read as a ratio.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseBerthYaml } from '../src/core/berthYaml';
import { checkFile } from '../src/core/rules';
import { findPorts } from '../src/core/portFinders/index';
import { buildCli } from '../test/cli/buildCli';
import { timeCheckInProcess } from './inProcessCheck';
import { median, medianTime, generatedCompose } from './measure';

const BERTH = (services: number) => {
  const lines = [
    'version: 1',
    'ranges:',
    '  postgres: 15433-15449',
    '  redis: 16379-16399',
    '  http: 18090-18199',
    'services:',
  ];
  for (let i = 0; i < services; i++) {
    lines.push(
      `  svc${i}:`,
      `    ports: { postgres: ${15433 + (i % 16)}, redis: ${16379 + (i % 20)}, http: ${18090 + i} }`,
      `    configs: ["svc${i}/**"]`,
    );
  }
  return lines.join('\n') + '\n';
};

async function main(): Promise<void> {
  // 1. One big compose file, in-process.
  const text = generatedCompose(10_000);
  const parsed = parseBerthYaml(BERTH(1));
  const config = parsed.config!;
  const path = 'svc0/docker-compose.yml';
  const refs = findPorts(path, text).length;
  const findings = checkFile(config, path, text).length;
  for (let i = 0; i < 5; i++) checkFile(config, path, text); // warm-up (JIT)
  const findMs = medianTime(() => findPorts(path, text), 21);
  const checkMs = medianTime(() => checkFile(config, path, text), 21);
  console.log(
    `compose file: 10,000 lines, ${(text.length / 1024).toFixed(0)} KiB, ${refs} port refs, ${findings} findings`,
  );
  console.log(`  findPorts            median ${findMs.toFixed(2)} ms`);
  console.log(`  checkFile (find+rules) median ${checkMs.toFixed(2)} ms   (aim < 20 ms)`);

  // 2. A 2,000-file workspace through the CLI bundle.
  const root = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const services = 50;
  const write = (p: string, t: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  };
  write('berth.yaml', BERTH(services));
  let n = 0;
  for (let s = 0; n < 2000; s = (s + 1) % services) {
    const k = n++;
    const other = (s + 1) % services;
    switch (k % 4) {
      case 0:
        write(
          `svc${s}/deploy/f${k}/docker-compose.yml`,
          `services:\n  db:\n    ports: ["${15433 + (s % 16)}:5432"]\n  app:\n    ports:\n      - "${18090 + s}:8080"\n    environment:\n      REDIS: redis://localhost:${16379 + (s % 20)}\n`,
        );
        break;
      case 1:
        write(
          `svc${s}/config/f${k}.yaml`,
          `server:\n  port: 8080\ndatabase:\n  host: localhost\n  port: ${15433 + (s % 16)}\nredis:\n  addr: localhost:${16379 + (other % 20)}\n`,
        );
        break;
      case 2:
        write(`svc${s}/env/f${k}.env`, `POSTGRES_PORT=${15433 + (s % 16)}\nAPI=http://localhost:${18090 + other}\n`);
        break;
      default:
        write(
          `svc${s}/test/f${k}_test.go`,
          `package x\n\nconst base = "http://localhost:${18090 + s}"\nconst stray = "http://localhost:${18150 + (k % 40)}"\n`.repeat(
            5,
          ),
        );
        break;
    }
  }
  // Files no service claims, and a node_modules tree the walk must skip.
  for (let i = 0; i < 200; i++) write(`node_modules/pkg${i}/index.js`, 'module.exports = "localhost:1"\n');
  const cli = await buildCli();
  const { execa } = await import('execa');
  const runs: number[] = [];
  let last = { exitCode: 0, stdout: '' } as { exitCode?: number; stdout: string };
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    last = await execa(process.execPath, [cli, 'check', '--root', root, '--format', 'json'], { reject: false });
    runs.push(performance.now() - t);
  }
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await execa(process.execPath, ['-e', '']);
    baseline.push(performance.now() - t);
  }
  const inProc = await timeCheckInProcess(root, 5);
  const count = JSON.parse(last.stdout).length;
  console.log(
    `workspace: 2,000 config files of ${services} services (+200 skipped in node_modules), exit ${last.exitCode}, ${count} findings`,
  );
  console.log(
    `  berth check (process) median ${median(runs).toFixed(0)} ms   (aim < 1.5 s); node start-up alone ${median(baseline).toFixed(0)} ms`,
  );
  console.log(
    `  the same check in-process: median wall ${median(inProc.map((x) => x.wall)).toFixed(0)} ms, CPU ${median(inProc.map((x) => x.cpu)).toFixed(0)} ms`,
  );
  rmSync(root, { recursive: true, force: true });
  rmSync(dirname(cli), { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
