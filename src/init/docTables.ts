// Tables of a markdown document, read with markdown-it (the CommonMark + GFM-tables parser VS Code's own
// markdown preview uses; its tokens carry source line maps, so every row keeps its line). Each table
// remembers the nearest heading above it. markdown-it pads short rows with empty cells, so the row's
// own cell count is taken from its source line: a missing cell is then told apart from an empty one.
import MarkdownIt from 'markdown-it';

export interface DocRow {
  /** 1-based line in the document. */
  line: number;
  /** Cell contents as written (inline markdown), trimmed. */
  cells: string[];
  /** Cells the source line really holds. */
  written: number;
}

export interface DocTable {
  /** Nearest heading above the table ("" when none), and its 1-based line. */
  heading: string;
  headingLine: number;
  /** 1-based line of the header row. */
  line: number;
  header: string[];
  rows: DocRow[];
}

export interface DocCodeBlock {
  lang: string;
  content: string;
  /** 1-based line of the opening fence. */
  line: number;
  heading: string;
}

const md = new MarkdownIt('commonmark').enable('table');

export function readDocTables(text: string): { tables: DocTable[]; codeBlocks: DocCodeBlock[] } {
  const tokens = md.parse(text, {});
  const lines = text.split(/\r?\n/);
  const tables: DocTable[] = [];
  const codeBlocks: DocCodeBlock[] = [];
  let heading = '';
  let headingLine = 0;
  let table: DocTable | undefined;
  let row: DocRow | undefined;
  let inHead = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open':
        heading = tokens[i + 1]?.content.trim() ?? '';
        headingLine = (t.map?.[0] ?? 0) + 1;
        break;
      case 'fence':
        codeBlocks.push({
          lang: t.info.trim().split(/\s+/)[0] ?? '',
          content: t.content,
          line: (t.map?.[0] ?? 0) + 1,
          heading,
        });
        break;
      case 'table_open':
        table = { heading, headingLine, line: (t.map?.[0] ?? 0) + 1, header: [], rows: [] };
        tables.push(table);
        break;
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open': {
        const at = t.map?.[0] ?? 0;
        row = { line: at + 1, cells: [], written: countCells(lines[at] ?? '') };
        break;
      }
      case 'inline':
        if (row && (tokens[i - 1]?.type === 'td_open' || tokens[i - 1]?.type === 'th_open'))
          row.cells.push(t.content.trim());
        break;
      case 'tr_close':
        if (table && row) {
          if (inHead) table.header = row.cells;
          else table.rows.push(row);
        }
        row = undefined;
        break;
      case 'table_close':
        table = undefined;
        break;
    }
  }
  return { tables, codeBlocks };
}

/** Cells of one GFM table row as written: '|' separates, except escaped or inside a code span. */
export function countCells(line: string): number {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  let cells = 1;
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '`') inCode = !inCode;
    else if (c === '|' && !inCode) cells++;
  }
  return cells;
}
