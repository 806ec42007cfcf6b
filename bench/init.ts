// Speed and accuracy of `berth init` (not a test): run with `node --import tsx bench/init.ts`.
//  1. a generated 5,000-file workspace (60 services: compose, YAML configs, .env, Go and TypeScript sources,
//     plus files of no service and a node_modules tree) through the bundled CLI as a process; aim < 3 s.
//     Bare `node -e ""` start-up is printed too, so the figure reads as a ratio; the in-process run splits
//     the scan from the proposal and its check, and gives CPU time (on a loaded machine wall time is mostly waiting).
//  2. the corpus workspaces against their hand-written berth.yaml: allocations exact / reported / wrong /
//     missed / absent (test/init/measure.ts), each non-exact one listed. `-- --accuracy` runs only this part.
// Medians of 5 runs, all measured in this one run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { buildCli } from '../test/cli/buildCli';
import { corpusWorkspaces, measure, OUTCOMES, type AnswerKind } from '../test/init/measure';
import { findAllocationDocs } from '../src/init/docFind';
import { runInit } from '../src/init/runInit';
import { scanWorkspace } from '../src/init/scan';
import { median } from './measure';

function generate(files: number): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-bench-init-'));
  const write = (p: string, t: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  };
  const services = 60;
  let n = 0;
  for (let s = 0; s < services; s++) {
    write(
      `test/integration/svc${s}/docker-compose.yml`,
      `services:\n  postgres:\n    image: postgres:16-alpine\n    ports: ["${15433 + s}:5432"]\n  redis:\n    image: redis:7-alpine\n    ports: ["${16379 + s}:6379"]\n  api:\n    build: .\n    ports: ["${18090 + s}:8080"]\n`,
    );
    n++;
  }
  write('docs/ports.md', '# Ports\n\n| Service | PostgreSQL | Redis |\n|---|---|---|\n| svc0 | 15433 | 16379 |\n');
  n++;
  for (let k = 0; n < files; k++, n++) {
    const s = k % 60;
    switch (k % 6) {
      case 0:
        write(
          `test/integration/svc${s}/config/f${k}.yaml`,
          `database:\n  port: ${15433 + s}\nredis:\n  addr: localhost:${16379 + s}\n`,
        );
        break;
      case 1:
        write(
          `test/integration/svc${s}/env/f${k}.env`,
          `POSTGRES_PORT=${15433 + s}\nAPI_URL=http://localhost:${18090 + s}\n`,
        );
        break;
      case 2:
        write(
          `test/integration/svc${s}/f${k}_test.go`,
          `package x\n\nconst (\n\tredisAddr = "localhost:${16379 + s}"\n\tapiURL = "http://localhost:${18090 + s}"\n)\n`,
        );
        break;
      case 3:
        write(`services/svc${s}/src/f${k}.ts`, `export const redisUrl = 'redis://localhost:${16379 + s}';\n`);
        break;
      case 4:
        write(`docs/notes/f${k}.md`, `# Notes\n\nThe API listens on localhost:${18090 + s}.\n`);
        break;
      default:
        write(`lib/f${k}/util.py`, `def add(a, b):\n    return a + b\n`);
    }
  }
  for (let i = 0; i < 300; i++) write(`node_modules/pkg${i}/index.js`, 'module.exports = "localhost:1"\n');
  return root;
}

async function main(): Promise<void> {
  if (!process.argv.includes('--accuracy')) await speed();
  await accuracy();
}

async function speed(): Promise<void> {
  const root = generate(5000);
  const { execa } = await import('execa');
  const cli = await buildCli();
  const cliRuns: number[] = [];
  let services = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await execa(process.execPath, [cli, 'init', '--root', root, '--format', 'json'], { reject: false });
    cliRuns.push(performance.now() - t);
    if (r.exitCode !== 0) throw new Error(`berth init exited ${r.exitCode}: ${r.stderr}`);
    services = Object.keys((JSON.parse(r.stdout) as { berthYaml: { services: object } }).berthYaml.services).length;
  }
  const nodeRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await execa(process.execPath, ['-e', '']);
    nodeRuns.push(performance.now() - t);
  }
  const scanRuns: number[] = [];
  const initRuns: number[] = [];
  const cpuRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await scanWorkspace(root);
    scanRuns.push(performance.now() - t);
    t = performance.now();
    const cpu = process.cpuUsage();
    await runInit({ root });
    const used = process.cpuUsage(cpu);
    initRuns.push(performance.now() - t);
    cpuRuns.push((used.user + used.system) / 1000);
  }
  // The editor's "Also import allocation tables from…" pick lists and parses every markdown file first.
  const findRuns: number[] = [];
  let found = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    found = (await findAllocationDocs(root)).length;
    findRuns.push(performance.now() - t);
  }
  const cliMs = median(cliRuns);
  console.log(`init on a generated 5,000-file workspace (+300 in node_modules): ${services} services proposed`);
  console.log(
    `  CLI process        median ${cliMs.toFixed(0)} ms   (aim < 3000 ms; node start-up ${median(nodeRuns).toFixed(0)} ms)`,
  );
  console.log(
    `  in-process runInit median ${median(initRuns).toFixed(0)} ms wall, ${median(cpuRuns).toFixed(0)} ms CPU; the scan alone ${median(scanRuns).toFixed(0)} ms wall`,
  );
  console.log(
    `  document finder    median ${median(findRuns).toFixed(0)} ms wall (markdown files with allocation tables: ${found})`,
  );
  rmSync(root, { recursive: true, force: true });
  rmSync(dirname(cli), { recursive: true, force: true });
}

async function accuracy(): Promise<void> {
  const repo = join(__dirname, '..');
  console.log(
    'init against hand-written answers (exact / reported / wrong = silently guessed / missed = found, not said / absent = in no finding):',
  );
  const total = OUTCOMES.length;
  const absent = OUTCOMES.indexOf('absent');
  const zero = () => Array<number>(total + 1).fill(0);
  const sums: Record<AnswerKind, number[]> = { blind: zero(), 'berth.yaml': zero(), own: zero() };
  const files = { total: 0, exact: 0 };
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;
  const row = (label: string, n: number[]) =>
    console.log(
      `  ${label.padEnd(52)} ${OUTCOMES.map((o, i) => `${o} ${n[i]}`).join(', ')} of ${n[total]} (${pct(n[0], n[total])} exact; ${pct(n[0], n[total] - n[absent])} of those the code holds)`,
    );
  for (const w of corpusWorkspaces(repo)) {
    const m = await measure(w.root, w.expected);
    const n = [...OUTCOMES.map((o) => m[o].length), m.total];
    n.forEach((x, i) => (sums[w.kind][i] += x));
    row(`${relative(repo, w.root)} vs ${w.kind}`, n);
    if (w.kind === 'berth.yaml') {
      files.total += m.withFiles.total;
      files.exact += m.withFiles.exact;
    }
    for (const o of OUTCOMES.slice(1)) for (const a of m[o]) console.log(`      ${o}: ${a}`);
  }
  row('blind answers, summed (the aim: >= 90% exact)', sums.blind);
  row("shared corpus's berth.yaml, summed", sums['berth.yaml']);
  console.log(
    `  of which services with files here   ${files.exact}/${files.total} exact (${pct(files.exact, files.total)}); the rest are neighbours berth.yaml lists without configs`,
  );
  row("init's own fixture", sums.own);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
