// Language-server bench (not a test): the bundled server in its own process over stdio, as VS Code runs it.
//  1. keystroke -> published diagnostics latency on a 5,000-line compose file, p50/p95 over 200 edits
//     (includes the server's debounce, JSON-RPC both ways and the core rules); the same on a generated
//     2,000-line Go file (tree-sitter, re-parsed incrementally), with a full parse + read for comparison;
//  2. the server's memory (heapUsed/RSS after a GC) after opening 500 covered files;
//  3. start-up to the workspace scan's last publish on a 2,000-file workspace (files not open: Problems panel).
// Run: node --import tsx bench/lsp.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspTestClient, tempWorkspace } from '../test/server/lspClient';
import { parseBerthYaml } from '../src/core/berthYaml';
import { checkFile } from '../src/core/rules';
import { DeclarationIndex } from '../src/core/portFinders/source/index';
import { Grammars } from '../src/host/grammars';
import { buildServer } from './serverBundle';

const EDITS = 200;
const FILES = 500;
const SCAN_FILES = 2000;

function berthYaml(): string {
  const lines = ['version: 1', 'ranges:', '  postgres: 15433-15449', '  redis: 16379-16399', 'services:'];
  lines.push(
    '  big:',
    '    ports: { postgres: 15441, redis: 16388, http: 18097 }',
    '    configs: ["stack/**", "many/**"]',
  );
  lines.push('  hapi:', '    ports: { postgres: 15439, redis: 16387, http: 18098 }');
  return lines.join('\n') + '\n';
}

/** ~5,000 lines: 500 compose services using big's own ports, every 25th one hapi's Redis, every 50th an unallocated port. */
function bigCompose(): string {
  const out = ['services:'];
  for (let i = 0; out.length < 5000; i++) {
    const redis = i % 25 === 0 ? 16387 : 16388;
    out.push(
      `  svc${i}:`,
      `    image: redis:7-alpine`,
      `    ports:`,
      `      - "${redis}:6379"`,
      `      - "127.0.0.1:15441:5432"`,
      `      - target: 8080`,
      `        published: ${i % 50 === 0 ? 18111 : 18097}`,
      `    environment:`,
      `      DATASTORAGE_URL: http://localhost:18097/api`,
      `      LOG_LEVEL: debug`,
    );
  }
  return out.slice(0, 5000).join('\n') + '\n';
}

/** ~2,000 lines of Go shaped like an integration-test infrastructure package: port constants, config structs,
 *  exec'd podman commands, calls, log lines and comments; every 20th block uses hapi's Redis. */
function bigGo(): string {
  const out = ['package infrastructure', '', 'import (', '\t"fmt"', '\t"os/exec"', ')', ''];
  out.push('func NewConfig(name string, postgresPort, redisPort, httpPort int) *Config { return &Config{} }', '');
  for (let i = 0; out.length < 2000; i++) {
    const redis = i % 20 === 0 ? 16387 : 16388;
    out.push(
      `// Service${i} talks to its own Postgres on 15441 (see DD-TEST-001)`,
      'const (',
      `\tService${i}PostgresPort = 15441`,
      `\tService${i}RedisPort    = ${redis}`,
      `\tService${i}HTTPPort     = 18097`,
      ')',
      '',
      `func startService${i}() error {`,
      `\tcfg := NewConfig("svc${i}", 15441, ${redis}, 18097)`,
      `\tcmd := exec.Command("podman", "run", "-d", "--name", "svc${i}_pg", "-p", "15441:5432", "postgres:16-alpine")`,
      `\tfmt.Printf("starting svc${i} on %d\\n", 18097)`,
      `\turl := "http://localhost:18097/health"`,
      '\t_ = cfg',
      '\t_ = url',
      '\treturn cmd.Run()',
      '}',
      '',
    );
  }
  return out.slice(0, 2000).join('\n') + '\n';
}

function smallConfig(i: number): string {
  return `# config ${i}\nserver:\n  port: 8080\ndatabase:\n  host: localhost\n  port: 15441\nredis:\n  addr: localhost:${i % 10 === 0 ? 16387 : 16388}\nlogging:\n  level: debug\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'berth-bench-server-'));
  const serverJs = await buildServer(out);
  const compose = bigCompose();
  const ws = tempWorkspace({ 'berth.yaml': berthYaml(), 'stack/docker-compose.yml': compose });
  const child = spawn(process.execPath, ['--expose-gc', serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = await LspTestClient.connect(ws.root, child.stdout, child.stdin);
  try {
    type Mem = { heapUsed: number; rss: number };
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const idle = await c.request<Mem>('berth/memoryUsage');

    // 1. keystroke latency: retype one digit of a port on a line spread over the file, alternating values
    const uri = await c.open('stack/docker-compose.yml', compose, 'yaml');
    const first = await c.current(uri);
    const portLines = compose.split('\n').flatMap((l, i) => (/^ {6}- "1638[78]:6379"$/.test(l) ? [i] : []));
    const times: number[] = [];
    for (let k = 0; k < EDITS; k++) {
      const line = portLines[(k * 37) % portLines.length];
      const ch = 13; // last digit of the host port in `      - "16387:6379"`
      const digit = k % 2 === 0 ? '9' : '8';
      const t0 = performance.now();
      await c.edit(uri, [
        { range: { start: { line, character: ch }, end: { line, character: ch + 1 } }, newText: digit },
      ]);
      await c.current(uri);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);

    // 1b. keystroke latency on a 2,000-line Go file: retype the last digit of a Redis port constant
    const goText = bigGo();
    const goUri = await c.open('stack/infra_test.go', goText, 'go');
    const goFirst = await c.current(goUri);
    const goLines = goText.split('\n').flatMap((l, i) => (/^\tService\d+RedisPort += 1638[78]$/.test(l) ? [i] : []));
    const goTimes: number[] = [];
    for (let k = 0; k < EDITS; k++) {
      const line = goLines[(k * 37) % goLines.length];
      const ch = goText.split('\n')[line].length - 1;
      const t0 = performance.now();
      await c.edit(goUri, [
        { range: { start: { line, character: ch }, end: { line, character: ch + 1 } }, newText: k % 2 ? '8' : '9' },
      ]);
      await c.current(goUri);
      goTimes.push(performance.now() - t0);
    }
    goTimes.sort((a, b) => a - b);
    // the same file parsed from scratch and read, in this process (what `berth check` spends on it)
    const grammars = new Grammars();
    await grammars.load(['go']);
    const goCore: number[] = [];
    const goSource = { parser: grammars, declarations: new DeclarationIndex() };
    for (let k = 0; k < 30; k++) {
      const t0 = performance.now();
      checkFile(parseBerthYaml(berthYaml()).config!, 'stack/infra_test.go', goText, goSource);
      goCore.push(performance.now() - t0);
    }
    goCore.sort((a, b) => a - b);

    // the core's own work on the same file (what `berth check` spends on it), for comparison
    const config = parseBerthYaml(berthYaml()).config!;
    const core: number[] = [];
    for (let k = 0; k < 30; k++) {
      const t0 = performance.now();
      checkFile(config, 'stack/docker-compose.yml', compose);
      core.push(performance.now() - t0);
    }
    core.sort((a, b) => a - b);

    // 2. memory after opening 500 covered files
    for (let i = 0; i < FILES; i++) await c.open(`many/svc${i}/config.yaml`, smallConfig(i), 'yaml');
    await Promise.all(Array.from({ length: FILES }, (_, i) => c.current(c.uri(`many/svc${i}/config.yaml`))));
    const loaded = await c.request<Mem>('berth/memoryUsage');

    // 3. workspace scan: a second server on 2,000 files on disk, every 10th with hapi's Redis
    const scanFiles: Record<string, string> = { 'berth.yaml': berthYaml() };
    for (let i = 0; i < SCAN_FILES; i++) scanFiles[`many/svc${i}/config.yaml`] = smallConfig(i);
    const scanWs = tempWorkspace(scanFiles);
    const t0 = performance.now();
    const scanChild = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const s = await LspTestClient.connect(scanWs.root, scanChild.stdout, scanChild.stdin);
    const expected = Array.from({ length: SCAN_FILES / 10 }, (_, j) => s.uri(`many/svc${j * 10}/config.yaml`));
    await Promise.all(expected.map((u) => s.diagnostics(u, (p) => p.diagnostics.length === 1, { timeoutMs: 60000 })));
    const scanMs = performance.now() - t0;
    await s.dispose().catch(() => undefined);
    scanChild.kill();
    scanWs.cleanup();

    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (shared: timings are noisy)`,
    );
    console.log(`compose file: ${compose.split('\n').length - 1} lines, ${first.length} diagnostics`);
    console.log(
      `keystroke -> publishDiagnostics over stdio (${EDITS} edits): p50 ${percentile(times, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
    );
    console.log(`core checkFile on the same file: median ${percentile(core, 50).toFixed(1)} ms`);
    console.log(`Go file: ${goText.split('\n').length - 1} lines, ${goFirst.length} diagnostics`);
    console.log(
      `Go keystroke -> publishDiagnostics over stdio (${EDITS} edits): p50 ${percentile(goTimes, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(goTimes, 95).toFixed(1)} ms, max ${goTimes[goTimes.length - 1].toFixed(1)} ms (aim p95 < 30 ms)`,
    );
    console.log(
      `core checkFile on the Go file (full parse, no tree reuse): median ${percentile(goCore, 50).toFixed(1)} ms`,
    );
    console.log(`server memory idle: heapUsed ${mb(idle.heapUsed)} MB, RSS ${mb(idle.rss)} MB`);
    console.log(
      `workspace scan: spawn + initialize + ${SCAN_FILES} files read and checked + ${expected.length} publishes: ${scanMs.toFixed(0)} ms`,
    );
    console.log(
      `server memory with ${FILES} open covered files (+ the big one): heapUsed ${mb(loaded.heapUsed)} MB, RSS ${mb(loaded.rss)} MB`,
    );
  } finally {
    await c.dispose().catch(() => undefined);
    child.kill();
    ws.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
