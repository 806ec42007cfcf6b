// Cost of reading compose files through the YAML AST against the line scanner it falls back to (not a test):
// `node --import tsx bench/compose.ts`. Medians of one run each, and their ratio (the machine's load cancels
// out of it). Each AST run parses a fresh copy of the text: the shared parse cache must not hide the cost.
import { findComposePorts, MAX_AST_LINES } from '../src/core/portFinders/compose';
import { findComposePortsByLine } from '../src/core/portFinders/composeLines';
import { parseComposeStack } from '../src/stack/compose';
import { medianTime, generatedCompose } from './measure';

for (const lines of [200, 1000, MAX_AST_LINES - 2]) {
  const text = generatedCompose(lines);
  // Distinct copies (a trailing comment) so every AST run really parses.
  const copies = Array.from({ length: 31 }, (_, i) => `${text}# ${i}\n`);
  for (let i = 0; i < 10; i++) {
    findComposePorts(`${text}# w${i}\n`); // warm-up (JIT)
    findComposePortsByLine(text);
  }
  const ast = medianTime((i) => findComposePorts(copies[i]), copies.length);
  const line = medianTime(() => findComposePortsByLine(text), copies.length);
  const stack = medianTime(
    (i) => parseComposeStack(copies[i], { file: 'c.yml', service: 's', allocations: [] }),
    copies.length,
  );
  const shared = medianTime(() => parseComposeStack(copies[0], { file: 'c.yml', service: 's', allocations: [] }), 11);
  console.log(
    `${String(lines).padStart(5)} lines: AST ${ast.toFixed(2)} ms, line scanner ${line.toFixed(2)} ms (AST/line ${(ast / line).toFixed(1)}×); ` +
      `stack read ${stack.toFixed(2)} ms fresh, ${shared.toFixed(2)} ms on the shared parse`,
  );
}
