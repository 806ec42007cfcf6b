// `berth check` end to end on a generated 5,000-file polyglot monorepo (not a test): run with
// `npm run bench:check-polyglot`. 20 services claim ~600 files (Go Ginkgo suites, TS testcontainers code,
// Python conftests, shell scripts, Makefiles, compose files, kind and Kubernetes YAML, .env); the other
// ~4,400 files (libraries, web code, docs) are claimed by nobody but are walked, because one service's
// glob starts at the root. The CLI bundle runs as a process; prints p50/p90/max over the runs, Node's bare
// start-up for comparison, the load average, and the in-process check's wall and CPU time
// (CPU is what the load of a shared machine cannot inflate). Aim: p50 < 2 s on 2 cores.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCli } from '../test/cli/buildCli';
import { timeCheckInProcess } from './inProcessCheck';

const SERVICES = 20;
const TOTAL_FILES = 5000;
const RUNS = 9;

const pg = (s: number) => 15400 + s;
const redis = (s: number) => 16300 + s;
const http = (s: number) => 18000 + s;
const metrics = (s: number) => 19000 + s;
const name = (s: number) => `svc${String(s).padStart(2, '0')}`;

function berthYaml(): string {
  const lines = [
    'version: 1',
    'ranges:',
    '  postgres: 15400-15499',
    '  redis: 16300-16399',
    '  http: 18000-18199',
    '  metrics: 19000-19199',
    'services:',
  ];
  for (let s = 0; s < SERVICES; s++) {
    const globs = [`services/${name(s)}/**`, `test/infrastructure/${name(s)}_*.go`];
    if (s === 0) globs.push('**/svc00.env'); // a root-based glob: the walk visits the whole tree
    lines.push(
      `  ${name(s)}:`,
      `    ports: { postgres: ${pg(s)}, redis: ${redis(s)}, http: ${http(s)}, metrics: ${metrics(s)} }`,
      `    configs: [${globs.map((g) => JSON.stringify(g)).join(', ')}]`,
    );
  }
  return lines.join('\n') + '\n';
}

// Each generator writes a file of the shape real suites have; `o` is another service (a planted conflict).
function goSuite(s: number, k: number, o: number): string {
  const cases = Array.from(
    { length: 12 },
    (_, i) => `
	It("case ${i}", func() {
		resp, err := http.Get("http://localhost:${http(s)}/api/v1/items/${i}")
		Expect(err).NotTo(HaveOccurred())
		GinkgoWriter.Printf("case ${i} against localhost:%d\\n", ${http(s)})
		defer resp.Body.Close()
		Eventually(func() int { return resp.StatusCode }, "30s", "1s").Should(Equal(200))
	})`,
  ).join('\n');
  return `package ${name(s)}_${k}

import (
	"net/http"
	"os"
	"os/exec"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"example.com/mono/test/infrastructure"
)

// Host ports of ${name(s)} (berth.yaml); the container side never changes.
const (
	PostgresPort = ${pg(s)}
	RedisPort    = ${redis(s)}
	metricsAddr  = ":${metrics(s)}"
	postgresContainerPort = 5432
)

var _ = BeforeSuite(func() {
	cfg := infrastructure.NewConfig("${name(s)}", ${pg(s)}, ${redis(s)}, ${http(s)})
	Expect(os.Setenv("REDIS_ADDR", "localhost:${redis(o)}")).To(Succeed())
	out, err := exec.Command("podman", "run", "-d", "--name", "${name(s)}_pg_${k}",
		"-p", "${pg(s)}:5432", "-e", "PGPORT=5432", "postgres:16-alpine").CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(out))
	_ = cfg
})

var _ = Describe("${name(s)} ${k}", func() {${cases}
})
`;
}

function tsModule(s: number, k: number): string {
  const tests = Array.from(
    { length: 8 },
    (_, i) => `
it('case ${i}', async () => {
  const res = await fetch(\`\${baseUrl}/items/${i}\`);
  console.log('case ${i} on localhost:${http(s)}', res.status);
  expect(res.status).toBe(200);
});`,
  ).join('\n');
  return `import { GenericContainer } from 'testcontainers';
import { expect, it, beforeAll } from 'vitest';

export const REDIS_PORT = ${redis(s)};
const baseUrl = process.env.API_URL ?? 'http://localhost:${http(s)}';
const config = { database: { host: 'localhost', port: ${pg(s)} }, metricsPort: ${metrics(s)}, timeoutMs: 5432 };

beforeAll(async () => {
  process.env.REDIS_URL = 'redis://127.0.0.1:${redis(s)}/${k % 16}';
  await new GenericContainer('redis:7-alpine').withExposedPorts({ container: 6379, host: REDIS_PORT }).start();
  void config;
});
${tests}
`;
}

function pyConftest(s: number, k: number): string {
  const fixtures = Array.from(
    { length: 6 },
    (_, i) => `

@pytest.fixture
def client_${i}():
    """Client ${i} of the ${name(s)} API."""
    session = requests.Session()
    logger.info("client ${i} -> localhost:${http(s)}")
    yield session`,
  ).join('');
  return `import logging
import os
import subprocess

import pytest
import requests

logger = logging.getLogger(__name__)

POSTGRES_PORT = ${pg(s)}
API_URL = "http://localhost:${http(s)}"
CONFIG = """
redis:
  addr: localhost:${redis(s)}
"""


@pytest.fixture(scope="session")
def stack():
    subprocess.run(["podman", "run", "-d", "-p", "${redis(s)}:6379", "redis:7-alpine"], check=True)
    os.environ["METRICS_PORT"] = "${metrics(s)}"
    yield {"port": ${pg(s)}, "file": ${k}}${fixtures}
`;
}

const shellScript = (s: number) => `#!/usr/bin/env bash
set -euo pipefail
PG_PORT=${pg(s)}
podman run -d --name ${name(s)}_redis \\
  -p 127.0.0.1:${redis(s)}:6379 \\
  redis:7-alpine
podman exec ${name(s)}_redis redis-cli -p 6379 ping
curl -sf http://localhost:${http(s)}/health
echo "ready on localhost:${http(s)} (postgres $PG_PORT)"
`;

const makefile = (s: number) => `${name(s).toUpperCase()}_HTTP_PORT ?= ${http(s)}

.PHONY: test clean-ports
test:
	go test ./...

redis:
	podman run -d --rm -p ${redis(s)}:6379 redis:7-alpine

clean-ports:
	@# ${name(s)} uses ${http(s)}, ${redis(s)}
	@podman rm -f ${name(s)}_redis 2>/dev/null || true
`;

const compose = (s: number, o: number) => `services:
  postgres:
    image: postgres:16-alpine
    ports: ["${pg(s)}:5432"]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -p 5432"]
  redis:
    image: redis:7-alpine
    ports:
      - "127.0.0.1:${redis(s)}:6379"
  api:
    image: ${name(s)}:test
    ports:
      - "\${API_PORT:-${http(s)}}:8080"
      - target: 9090
        published: ${metrics(s)}
    environment:
      PORT: "8080"
      PEER_URL: http://host.containers.internal:${http(o)}
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
`;

const kindConfig = (s: number) => `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    extraPortMappings:
      - containerPort: 30080
        hostPort: ${http(s) + 100}
`;

const k8s = (s: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name(s)} }
spec:
  template:
    spec:
      containers:
        - name: api
          image: ${name(s)}:e2e
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: { path: /health, port: 8080 }
---
apiVersion: v1
kind: Service
metadata: { name: ${name(s)} }
spec:
  ports:
    - port: 80
      targetPort: 8080
`;

const envFile = (s: number) =>
  `PORT=${http(s)}\nDATABASE_URL=postgres://u:p@localhost:${pg(s)}/db\n# OLD_PORT=${http(s) + 1}\nTIMEOUT_MS=5432\n`;

// Files nobody claims: libraries, web code and docs the walk passes over.
function unclaimed(i: number): [string, string] {
  const dir = `pkg/mod${i % 120}/sub${i % 7}`;
  switch (i % 4) {
    case 0:
      return [
        `${dir}/f${i}.go`,
        `package sub\n\n// Listen on :8080 by default.\nfunc F${i}() int { return ${i} }\n`.repeat(6),
      ];
    case 1:
      return [
        `web/src/c${i % 90}/m${i}.ts`,
        `export const v${i} = ${i};\nexport function f${i}() { return 'localhost:3000'; }\n`.repeat(6),
      ];
    case 2:
      return [`lib/py${i % 60}/m${i}.py`, `def f${i}():\n    return {"port": 8000 + ${i % 10}}\n`.repeat(6)];
    default:
      return [`docs/d${i % 40}/n${i}.md`, `# Note ${i}\n\nThe API runs on http://localhost:8080.\n`];
  }
}

const sharedHelper = `package infrastructure

// NewConfig describes one service's stack from its allocated host ports.
func NewConfig(service string, postgresPort, redisPort, httpPort int) Config {
	return Config{Service: service, PostgresPort: postgresPort, RedisPort: redisPort, HTTPPort: httpPort}
}

type Config struct {
	Service      string
	PostgresPort int
	RedisPort    int
	HTTPPort     int
}
`;

function generate(root: string): { files: number; claimed: number } {
  const write = (p: string, t: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  };
  write('berth.yaml', berthYaml());
  let files = 1;
  let claimed = 0;
  const perService: ((s: number, k: number, o: number) => [string, string])[] = [
    (s, k, o) => [`services/${name(s)}/test/integration/suite${k}_test.go`, goSuite(s, k, o)],
    (s, k) => [`services/${name(s)}/test/api${k}.spec.ts`, tsModule(s, k)],
    (s, k) => [`services/${name(s)}/tests/t${k}/conftest.py`, pyConftest(s, k)],
    (s, k) => [`services/${name(s)}/scripts/setup${k}.sh`, shellScript(s)],
    (s, k) => [`services/${name(s)}/m${k}/Makefile`, makefile(s)],
    (s, k, o) => [`services/${name(s)}/deploy/c${k}/docker-compose.yml`, compose(s, o)],
    (s, k) => [`services/${name(s)}/deploy/k${k}/kind-config.yaml`, kindConfig(s)],
    (s, k) => [`services/${name(s)}/deploy/k${k}/manifests.yaml`, k8s(s)],
    (s, k) => [`services/${name(s)}/env/e${k}/.env`, envFile(s)],
  ];
  for (let s = 0; s < SERVICES; s++) {
    write(`test/infrastructure/${name(s)}_shared.go`, sharedHelper.replace('NewConfig', `NewConfig${s}`));
    files++;
    claimed++;
    for (let k = 0; k < 30; k++) {
      const [p, t] = perService[k % perService.length](s, k, (s + 1) % SERVICES);
      write(p, t);
      files++;
      claimed++;
    }
  }
  write('test/infrastructure/shared.go', sharedHelper);
  write('svc00.env', `PORT=${http(0)}\n`);
  files += 2;
  claimed++;
  for (let i = 0; files < TOTAL_FILES; i++, files++) write(...unclaimed(i));
  return { files, claimed };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'berth-polyglot-'));
  const { files, claimed } = generate(root);
  const cli = await buildCli();
  const { execa } = await import('execa');
  // A preload that reports the child's own CPU time (all its threads) on exit: load-independent.
  const cpuProbe = join(dirname(cli), 'cpu-probe.cjs');
  writeFileSync(
    cpuProbe,
    "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms ' + (u.user + u.system) / 1000 + '\\n'); });\n",
  );
  const runs: number[] = [];
  const cpus: number[] = [];
  let last = { exitCode: 0, stdout: '', stderr: '' } as { exitCode?: number; stdout: string; stderr: string };
  const load = loadavg()[0];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    last = await execa(process.execPath, ['--require', cpuProbe, cli, 'check', '--root', root, '--format', 'json'], {
      reject: false,
    });
    if (i === 0) continue; // the first run warms the page cache
    runs.push(performance.now() - t);
    cpus.push(Number(/cpu-ms (\S+)/.exec(last.stderr)?.[1]));
  }
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await execa(process.execPath, ['-e', '']);
    baseline.push(performance.now() - t);
  }
  const inProc = await timeCheckInProcess(root, 5);
  const findings = JSON.parse(last.stdout) as { code: string }[];
  const byCode = new Map<string, number>();
  for (const f of findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  console.log(
    `workspace: ${files} files, ${claimed} claimed by ${SERVICES} services; exit ${last.exitCode}, ${findings.length} findings (${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')})`,
  );
  const notes = last.stderr.split('\n').filter((l) => l && !l.startsWith('cpu-ms'));
  if (notes.length) console.log(`  stderr: ${notes.slice(0, 3).join(' | ')}`);
  console.log(
    `  berth check (process), ${runs.length} runs: p50 ${percentile(runs, 50).toFixed(0)} ms, p90 ${percentile(runs, 90).toFixed(0)} ms, max ${Math.max(...runs).toFixed(0)} ms   (aim p50 < 2000 ms); its CPU time p50 ${percentile(cpus, 50).toFixed(0)} ms, p90 ${percentile(cpus, 90).toFixed(0)} ms`,
  );
  console.log(
    `  node start-up alone: p50 ${percentile(baseline, 50).toFixed(0)} ms; load average at start ${load.toFixed(2)}`,
  );
  console.log(
    `  in-process (5 runs): p50 wall ${percentile(
      inProc.map((x) => x.wall),
      50,
    ).toFixed(0)} ms, p50 CPU ${percentile(
      inProc.map((x) => x.cpu),
      50,
    ).toFixed(0)} ms`,
  );
  rmSync(root, { recursive: true, force: true });
  rmSync(dirname(cli), { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
