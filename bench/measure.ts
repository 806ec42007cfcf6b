// What the benches share: a median, the median time of a synchronous function, and a generated compose file
// (ports in every syntax the finders read, container-side environment and healthchecks as near misses).

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The value below which a fraction `p` (0..1) of xs lie (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

/** Median wall time of `runs` calls of fn (given the run's index), in ms. */
export function medianTime(fn: (i: number) => void, runs: number): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    ts.push(performance.now() - t);
  }
  return median(ts);
}

/** A compose file of `lines` lines. */
export function generatedCompose(lines: number): string {
  const out = ['services:'];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `  svc${i}:`,
      `    image: registry.local/svc${i}:latest`,
      '    ports:',
      `      - "127.0.0.1:${16379 + (i % 20)}:6379"`,
      `      - "\${WEB_${i}:-${18090 + (i % 30)}}:8080"`,
      '      - target: 9090',
      `        published: ${19090 + (i % 40)}`,
      '    environment:',
      `      DATABASE_URL: postgres://u:p@host.containers.internal:${15433 + (i % 16)}/db`,
      `      REDIS_ADDR: redis:6379`,
      `      METRICS_PORT: ${19090 + (i % 40)}`,
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]',
      '      interval: 2s',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}
