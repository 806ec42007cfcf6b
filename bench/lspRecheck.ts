// berth.yaml edit → re-check bench (not a test): run with `node --import tsx bench/lspRecheck.ts`.
// The bundled server over stdio on a generated 5,000-file workspace: 10 services claim 50 files each (500
// claimed), 4,500 files nobody claims. 40 claimed files of other services use svc0's Postgres port. Each
// round edits svc0's port in the open berth.yaml buffer (15440 ↔ 15441) and times, from sending the edit,
// until the LAST of those 40 files is republished with the diagnostics the new allocation gives them
// (the other service's port while it is svc0's, a not-allocated warning once it is free).
// BENCH_BASELINE=/path/to/checkout runs that checkout's server beside this one in the same run.
// BENCH_UNRESOLVED=1: each service also claims a Go file whose call no file declares, and a fifth of the unclaimed
// files are Go, so every re-check looks for declarations outside the claimed files (host/outsideDeclarations).
// After the rounds each server reports its heap (after a GC) and what it keeps (berth/cacheSizes, when it has it).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient, tempWorkspace } from '../test/server/lspClient';
import { median, percentile } from './measure';
import { buildServer } from './serverBundle';

const SERVICES = 10;
const PER_SERVICE = 50;
const UNCLAIMED = 4500;
const DEPENDENT = 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const UNRESOLVED = process.env.BENCH_UNRESOLVED === '1';

function berthYaml(svc0Port: number): string {
  const lines = ['version: 1', 'ranges:', '  postgres: 15430-15459', 'services:'];
  for (let s = 0; s < SERVICES; s++) {
    lines.push(
      `  svc${s}:`,
      `    ports: { postgres: ${s === 0 ? svc0Port : 15445 + s} }`,
      `    configs: ["svc${s}/**"]`,
    );
  }
  return lines.join('\n') + '\n';
}

function workspace(): { files: Record<string, string>; dependent: string[] } {
  const files: Record<string, string> = { 'berth.yaml': berthYaml(15440) };
  const dependent: string[] = [];
  for (let s = 0; s < SERVICES; s++) {
    for (let i = 0; i < PER_SERVICE; i++) {
      const rel = `svc${s}/conf/f${i}.yaml`;
      // Every 11th file of the other services talks to svc0's database.
      const uses = s > 0 && i % 11 === 0 && dependent.length < DEPENDENT;
      if (uses) dependent.push(rel);
      files[rel] =
        `server:\n  port: 8080\ndatabase:\n  host: localhost\n  port: ${uses ? 15440 : 15445 + s}\nlogging:\n  level: debug\n`;
    }
  }
  for (let i = 0; i < UNCLAIMED; i++) {
    if (UNRESOLVED && i % 5 === 0) files[`vendor/d${i % 90}/n${i}.go`] = `package d\n\nfunc helper${i}(port int) {}\n`;
    else files[`vendor/d${i % 90}/n${i}.txt`] = `unclaimed ${i} 15440\n`;
  }
  if (UNRESOLVED)
    for (let s = 0; s < SERVICES; s++)
      files[`svc${s}/conf/db_test.go`] = `package svc\n\nfunc init() { startDB(${15445 + s}) }\n`;
  return { files, dependent };
}

/** One server on its own copy of the workspace, ready for edits once its start-up scan showed every dependent file. */
async function session(serverJs: string, files: Record<string, string>, dependent: string[]) {
  const ws = tempWorkspace(files);
  const child = spawn(process.execPath, ['--expose-gc', serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const dispose = async () => {
    await client?.dispose().catch(() => undefined);
    child.kill();
    ws.cleanup();
  };
  let client: LspTestClient | undefined;
  try {
    client = await LspTestClient.connect(ws.root, child.stdout, child.stdin);
  } catch (e) {
    await dispose();
    throw e;
  }
  const c = client;
  const uris = dependent.map((rel) => c.uri(rel));
  const code = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics[0]?.code;
  await Promise.all(
    uris.map((u) => c.diagnostics(u, (p) => code(p) === 'port-owned-by-other-service', { timeoutMs: 60_000 })),
  );
  const doc = await c.open('berth.yaml', files['berth.yaml'], 'yaml');
  await c.current(doc);
  const line = files['berth.yaml'].split('\n').findIndex((l) => l.includes('15440'));
  const ch = files['berth.yaml'].split('\n')[line].indexOf('15440');
  /** Round k: 15440 → 15441 frees the port the dependent files use (even k); back again re-owns it. */
  const edit = async (k: number): Promise<number> => {
    const freed = k % 2 === 0;
    const want = freed ? 'port-not-allocated' : 'port-owned-by-other-service';
    const since = c.published.length;
    const t0 = performance.now();
    await c.edit(doc, [
      {
        range: { start: { line, character: ch }, end: { line, character: ch + 5 } },
        newText: freed ? '15441' : '15440',
      },
    ]);
    await Promise.all(uris.map((u) => c.diagnostics(u, (p) => code(p) === want, { since, timeoutMs: 30_000 })));
    return performance.now() - t0;
  };
  /** The server's heap after a GC, and what it keeps (a server without berth/cacheSizes answers null). */
  const kept = async () => ({
    heapUsedMb: +((await c.request<NodeJS.MemoryUsage>('berth/memoryUsage')).heapUsed / 2 ** 20).toFixed(1),
    cacheSizes: await c.request('berth/cacheSizes').catch(() => null),
  });
  return { edit, dispose, kept, dependent: uris.length };
}

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'berth-bench-recheck-'));
  const { files, dependent } = workspace();
  // BENCH_BASELINE=<another checkout>: its server runs beside this one, the rounds interleaved.
  const baseline = process.env.BENCH_BASELINE;
  const sessions: { name: string; s: Awaited<ReturnType<typeof session>>; times: number[] }[] = [];
  try {
    const builds = [{ name: 'this', src: undefined as string | undefined }];
    if (baseline) builds.push({ name: 'baseline', src: baseline });
    for (const b of builds) {
      const dir = path.join(out, b.name);
      mkdirSync(dir);
      sessions.push({ name: b.name, s: await session(await buildServer(dir, b.src), files, dependent), times: [] });
    }
    for (let k = 0; k < ROUNDS; k++) for (const x of sessions) x.times.push(await x.s.edit(k));
    const result: Record<string, unknown> = {
      bench: 'lsp-recheck',
      files: Object.keys(files).length,
      claimed: SERVICES * (PER_SERVICE + (UNRESOLVED ? 1 : 0)),
      dependent: dependent.length,
      rounds: ROUNDS,
      unresolvedCalls: UNRESOLVED,
      loadavg: loadavg().map((x) => +x.toFixed(2)),
    };
    for (const x of sessions)
      result[`${x.name}EditToLastDependentMs`] = {
        median: +median(x.times).toFixed(1),
        p90: +percentile(x.times, 0.9).toFixed(1),
      };
    for (const x of sessions) result[`${x.name}AfterRounds`] = await x.s.kept();
    if (sessions.length === 2)
      result.ratioThisVsBaseline = +(median(sessions[0].times) / median(sessions[1].times)).toFixed(2);
    console.log(JSON.stringify(result));
  } finally {
    for (const x of sessions) await x.s.dispose();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
