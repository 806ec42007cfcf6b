// Allocation tables of markdown documents → allocations and ranges, every row accounted for.
//   A port matrix: one row per service (first cell, normalised as names.ts says), one column per role
//   (the header, or the label of `Label: port` cells). A range table: cells are ranges; the first cell
//   names the pool (a role), and each range column (a tier) is one candidate.
//   Other tables (no port columns, or under a revision/history/changelog heading) are listed as skipped.
// Tables are picked with `--table TEXT` (nearest heading, or a range column's header, contains TEXT);
// without it, tables that allocate the same service+role twice make init list them and stop.
import { readCell, type Cell } from './docCells';
import { readDocTables, type DocCodeBlock, type DocRow, type DocTable } from './docTables';
import { codeBlockNotes } from './docCodeBlocks';
import { normalizeName, roleName, stripMarkup } from './names';
import { InitInputError, type Seen } from './proposal';
import type { DocImport, DocInput } from './docModel';
export type { DocImport, DocInput } from './docModel';

const NOT_PORT_HEADERS =
  /^(#|no\.?|version|rev(ision)?|date|status|notes?|changes?|description|owner|author|comments?|rationale)$/i;
const SKIP_HEADINGS = /revision|history|changelog|change log/i;

interface Classified {
  doc: string;
  table: DocTable;
  kind: 'matrix' | 'ranges' | 'other';
  /** Indexes of the port (or range) columns. */
  columns: number[];
  why?: string;
}

export function importDocuments(docs: DocInput[], pick: string | undefined): DocImport {
  const out: DocImport = { services: [], aliases: new Map(), allocations: [], ranges: [], notes: [], rows: [] };
  const problems: string[] = [];
  const classified: Classified[] = [];
  const blocks: { doc: string; codeBlocks: DocCodeBlock[] }[] = [];
  for (const d of docs) {
    const { tables, codeBlocks } = readDocTables(d.text);
    blocks.push({ doc: d.path, codeBlocks });
    for (const t of tables) classified.push(classify(d.path, t));
    if (!classified.some((c) => c.doc === d.path && c.kind !== 'other'))
      problems.push(
        `${d.path}: no allocation table found (${tables.length} table(s), none with port or range columns)`,
      );
  }
  if (problems.length > 0) throw new InitInputError(problems);
  const wanted = pick?.toLowerCase();
  const picked = classified.filter((c) => c.kind !== 'other' && (!wanted || matches(c, wanted)));
  if (wanted && picked.length === 0)
    throw new InitInputError([`no table's heading contains '${pick}'; the tables are:`, ...listing(classified)]);
  for (const c of classified) {
    if (picked.includes(c)) continue;
    const why = c.why ?? `not picked by --table '${pick}'`;
    out.notes.push({
      kind: 'document',
      message: `table under '${c.table.heading}' skipped: ${why}`,
      where: at(c.doc, c.table.line),
    });
    for (const r of c.table.rows) out.rows.push({ seen: at(c.doc, r.line), outcome: 'reported' });
  }
  for (const c of picked) readTable(c, wanted, out, problems);
  if (problems.length > 0) throw new InitInputError(problems);
  for (const b of blocks) out.notes.push(...codeBlockNotes(b.doc, b.codeBlocks, out));
  const overlaps = overlapping(out);
  if (overlaps.length > 0 && !wanted)
    throw new InitInputError([
      `several tables allocate the same ports (first: ${overlaps[0]}); pick one tier with --table TEXT, where TEXT is part of a table's heading:`,
      ...listing(picked),
    ]);
  if (overlaps.length > 0) throw new InitInputError(overlaps.map((o) => `duplicate rows: ${o}`));
  return out;
}

/** A document's allocation tables (port matrices and range tables), for offering them to pick from. */
export function allocationTables(text: string): { heading: string; line: number; kind: 'matrix' | 'ranges' }[] {
  return readDocTables(text).tables.flatMap((t) => {
    const { kind } = classify('', t);
    return kind === 'other' ? [] : [{ heading: t.heading, line: t.line, kind }];
  });
}

function at(file: string, line: number): Seen {
  return { file, line };
}

function matches(c: Classified, wanted: string): boolean {
  if (c.table.heading.toLowerCase().includes(wanted)) return true;
  return c.kind === 'ranges' && c.columns.some((i) => c.table.header[i]?.toLowerCase().includes(wanted));
}

function listing(tables: Classified[]): string[] {
  return tables.map(
    (c) =>
      `  ${c.doc}:${c.table.line}: ${c.kind === 'other' ? 'not an allocation table' : c.kind === 'ranges' ? 'range table' : 'port table'} under '${c.table.heading || '(no heading)'}' (line ${c.table.headingLine}), columns ${c.table.header.map(stripMarkup).join(' | ')}`,
  );
}

function classify(doc: string, table: DocTable): Classified {
  const base = { doc, table };
  if (SKIP_HEADINGS.test(table.heading)) return { ...base, kind: 'other', columns: [], why: 'a revision history' };
  const columns: number[] = [];
  let ranges = 0;
  let values = 0;
  for (let i = 1; i < table.header.length; i++) {
    if (NOT_PORT_HEADERS.test(stripMarkup(table.header[i]))) continue;
    const cells = table.rows.map((r) => readCell(r.cells[i] ?? '')).filter((c) => c.kind !== 'empty');
    const readable = cells.filter((c) => c.kind !== 'unreadable');
    if (readable.length === 0 || readable.length * 2 < cells.length) continue;
    columns.push(i);
    ranges += readable.filter((c) => c.kind === 'range').length;
    values += readable.length;
  }
  if (columns.length === 0) return { ...base, kind: 'other', columns, why: 'no column holds ports or ranges' };
  return { ...base, kind: ranges * 2 > values ? 'ranges' : 'matrix', columns };
}

function readTable(c: Classified, wanted: string | undefined, out: DocImport, problems: string[]): void {
  const { table, doc } = c;
  const seenNames = new Map<string, number>();
  let columns = c.columns;
  // A range table with a column per tier: --table picks the tier's column.
  if (c.kind === 'ranges' && wanted) {
    const tier = columns.filter((i) => table.header[i]?.toLowerCase().includes(wanted));
    if (tier.length > 0) columns = tier;
  }
  for (const row of table.rows) {
    const seen = at(doc, row.line);
    if (row.written !== table.header.length) {
      problems.push(
        `${doc}:${row.line}: the row has ${row.written} cell(s), the header (line ${table.line}) has ${table.header.length}`,
      );
      continue;
    }
    const name = (c.kind === 'ranges' ? roleName : normalizeName)(row.cells[0] ?? '');
    if (!name) {
      report(out, seen, `cannot read a ${c.kind === 'ranges' ? 'role' : 'service'} name from '${row.cells[0] ?? ''}'`);
      continue;
    }
    const first = seenNames.get(name);
    if (first !== undefined) {
      problems.push(`${doc}:${row.line}: '${name}' has a second row in this table (first at line ${first})`);
      continue;
    }
    seenNames.set(name, row.line);
    const alias = /\(([^)]*)\)/.exec(stripMarkup(row.cells[0] ?? ''))?.[1];
    if (c.kind === 'matrix' && alias && normalizeName(alias)) out.aliases.set(name, [normalizeName(alias)]);
    const readAny = readRow(c.kind, name, row, columns, table, seen, out);
    out.rows.push({ seen, outcome: readAny ? 'imported' : 'reported' });
  }
}

/** Imports one row's cells; true when something was imported (unreadable cells are reported either way). */
function readRow(
  kind: 'matrix' | 'ranges' | 'other',
  name: string,
  row: DocRow,
  columns: number[],
  table: DocTable,
  seen: Seen,
  out: DocImport,
): boolean {
  let imported = false;
  let nothing = true;
  for (const i of columns) {
    const cell: Cell = readCell(row.cells[i] ?? '');
    const column = stripMarkup(table.header[i] ?? '');
    if (cell.kind === 'empty') continue;
    nothing = false;
    if (cell.kind === 'unreadable') {
      report(
        out,
        seen,
        `cannot read '${cell.text}' (column '${column}' of '${name}') as a port, range, N/A or Label: port`,
      );
    } else if (kind === 'ranges') {
      if (cell.kind !== 'range')
        report(out, seen, `'${cell.kind === 'port' ? cell.port : column}' in the range table is not a range`);
      else {
        out.ranges.push({ role: name, from: cell.from, to: cell.to, seen });
        imported = true;
      }
    } else if (cell.kind === 'range') {
      report(
        out,
        seen,
        `${cell.from}-${cell.to} (column '${column}' of '${name}') is a range where a port was expected: not allocated`,
      );
    } else {
      if (!out.services.includes(name)) out.services.push(name);
      const ports = cell.kind === 'port' ? [{ role: roleName(column), port: cell.port }] : cell.ports;
      const shared = cell.kind === 'port' ? cell.shared : undefined;
      for (const p of ports) out.allocations.push({ service: name, role: p.role, port: p.port, shared, seen });
      imported = true;
    }
  }
  if (nothing && kind === 'matrix' && !out.services.includes(name)) out.services.push(name);
  return imported || (nothing && kind === 'matrix');
}

function report(out: DocImport, seen: Seen, message: string): void {
  out.notes.push({ kind: 'document', message: `${seen.file}:${seen.line}: ${message}`, where: seen });
}

/** Service+role (or range role) given twice with different values, as "'gateway' redis at a:12 and a:40". */
function overlapping(imp: DocImport): string[] {
  const out: string[] = [];
  const byKey = new Map<string, { port: number; seen: Seen }>();
  for (const a of imp.allocations) {
    const key = `${a.service}\u0000${a.role}`;
    const prev = byKey.get(key);
    if (prev && prev.seen.line !== a.seen.line)
      out.push(`'${a.service}' ${a.role} at ${prev.seen.file}:${prev.seen.line} and ${a.seen.file}:${a.seen.line}`);
    else if (!prev) byKey.set(key, a);
  }
  const ranges = new Map<string, Seen>();
  for (const r of imp.ranges) {
    const prev = ranges.get(r.role);
    if (prev) out.push(`range ${r.role} at ${prev.file}:${prev.line} and ${r.seen.file}:${r.seen.line}`);
    else ranges.set(r.role, r.seen);
  }
  return out;
}
