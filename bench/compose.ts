// Cost of reading compose files through the YAML AST against the line scanner it falls back to (not a test):
// `node --import tsx bench/compose.ts`. Medians of one run each, and their ratio (the machine's load cancels
// out of it). Each AST run parses a fresh copy of the text: the shared parse cache must not hide the cost.
import { findComposePorts, MAX_AST_LINES } from '../src/core/portFinders/compose';
import { findComposePortsByLine } from '../src/core/portFinders/composeLines';
import { parseComposeStack } from '../src/stack/compose';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: (i: number) => void, runs: number): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    ts.push(performance.now() - t);
  }
  return median(ts);
}

function compose(lines: number): string {
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
      `      METRICS_PORT: ${19090 + (i % 40)}`,
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

for (const lines of [200, 1000, MAX_AST_LINES - 2]) {
  const text = compose(lines);
  // Distinct copies (a trailing comment) so every AST run really parses.
  const copies = Array.from({ length: 31 }, (_, i) => `${text}# ${i}\n`);
  for (let i = 0; i < 10; i++) {
    findComposePorts(`${text}# w${i}\n`); // warm-up (JIT)
    findComposePortsByLine(text);
  }
  const ast = time((i) => findComposePorts(copies[i]), copies.length);
  const line = time(() => findComposePortsByLine(text), copies.length);
  const stack = time(
    (i) => parseComposeStack(copies[i], { file: 'c.yml', service: 's', allocations: [] }),
    copies.length,
  );
  const shared = time(() => parseComposeStack(copies[0], { file: 'c.yml', service: 's', allocations: [] }), 11);
  console.log(
    `${String(lines).padStart(5)} lines: AST ${ast.toFixed(2)} ms, line scanner ${line.toFixed(2)} ms (AST/line ${(ast / line).toFixed(1)}×); ` +
      `stack read ${stack.toFixed(2)} ms fresh, ${shared.toFixed(2)} ms on the shared parse`,
  );
}
