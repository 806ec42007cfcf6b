// Quick fixes for the core's findings. Each is built from the finding's facts (owner, own port, next free
// port) and edits exactly the port's digits, one berth.yaml line, or adds one ignore comment.
import {
  CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nextFreePort } from '../core/freePort';
import { allocationBlock } from '../core/ownership';
import type { BerthConfig, Finding } from '../core/types';
import { insertPortRole, replacePortNumber } from './berthYamlEdits';
import { commentSyntaxFor } from './commentSyntax';

export interface QuickFixContext {
  /** The document the fixes are for, and its path relative to the root. */
  doc: TextDocument;
  rel: string;
  isBerthYaml: boolean;
  /** Allocation to reason about (for berth.yaml: the one just parsed). */
  config: BerthConfig | undefined;
  /** berth.yaml as the editor holds it (for edits that touch it) and its URI. */
  berth: { uri: string; text: string } | undefined;
}

export function quickFixes(finding: Finding, diagnostic: Diagnostic, ctx: QuickFixContext): CodeAction[] {
  try {
    if (ctx.isBerthYaml) return allocationFixes(finding, diagnostic, ctx);
    if (finding.code === 'port-owned-by-other-service' || finding.code === 'port-not-allocated') {
      return fileFixes(finding, diagnostic, ctx);
    }
  } catch {
    // A fix we cannot compute is simply not offered.
  }
  return [];
}

function fileFixes(finding: Finding, diagnostic: Diagnostic, ctx: QuickFixContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const facts = finding.data ?? {};
  const service = finding.service ?? facts.ownPort?.service;
  const own = facts.ownPort;
  if (own && own.port !== finding.port) {
    const edit = replacePortNumber(ctx.doc, finding.range, finding.port, own.port);
    if (edit) {
      actions.push(
        fix(
          `Use ${own.service}'s ${own.role} port ${own.port}`,
          diagnostic,
          { changes: { [ctx.doc.uri]: [edit] } },
          true,
        ),
      );
    }
  }
  const next = facts.nextFree;
  const svc = service ? ctx.config?.services.find((s) => s.name === service) : undefined;
  if (next && svc && ctx.berth && !svc.ports.some((p) => p.role === next.role)) {
    const yamlEdit = insertPortRole(ctx.berth.text, svc.name, next.role, next.port);
    const fileEdit = replacePortNumber(ctx.doc, finding.range, finding.port, next.port);
    if (yamlEdit && fileEdit) {
      const changes: Record<string, TextEdit[]> = { [ctx.berth.uri]: [yamlEdit] };
      changes[ctx.doc.uri] = [...(changes[ctx.doc.uri] ?? []), fileEdit];
      actions.push(
        fix(`Allocate the next free ${next.role} port ${next.port} to ${svc.name}`, diagnostic, { changes }, !own),
      );
    }
  }
  const ignore = ignoreEdit(ctx.doc, ctx.rel, finding.range.start.line);
  if (ignore) actions.push(fix('Ignore on this line', diagnostic, { changes: { [ctx.doc.uri]: [ignore] } }, false));
  return actions;
}

function allocationFixes(finding: Finding, diagnostic: Diagnostic, ctx: QuickFixContext): CodeAction[] {
  if (finding.code !== 'duplicate-allocation' && finding.code !== 'out-of-range') return [];
  const config = ctx.config;
  if (!config || !finding.service) return [];
  const svc = config.services.find((s) => s.name === finding.service);
  const alloc =
    svc?.ports.find((p) => p.port === finding.port && overlaps(p.range, finding.range)) ??
    svc?.ports.find((p) => p.port === finding.port);
  if (!alloc) return [];
  const block = allocationBlock(config, alloc);
  const next =
    finding.data?.nextFree?.role === alloc.role
      ? finding.data.nextFree.port
      : nextFreePort(config, alloc.role, undefined, { size: block.size, moving: alloc });
  if (next === undefined || next === alloc.port) return [];
  const edit = replacePortNumber(ctx.doc, alloc.range, alloc.port, next);
  if (!edit) return [];
  return [
    fix(
      block.size > 1
        ? `Move the ${alloc.service}.${alloc.role} block (workers: ${block.size}) to the next free run ${next}-${next + block.size - 1}`
        : `Move ${alloc.service}.${alloc.role} to the next free port ${next}`,
      diagnostic,
      { changes: { [ctx.doc.uri]: [edit] } },
      true,
    ),
  ];
}

/** The ignore comment at the end of the line (or on its own line above, for .env files). */
function ignoreEdit(doc: TextDocument, rel: string, line: number): TextEdit | undefined {
  const syntax = commentSyntaxFor(rel);
  if (!syntax) return undefined;
  const text = lineText(doc, line);
  const close = syntax.end ? ` ${syntax.end}` : '';
  if (syntax.ownLine) {
    const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
    const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${syntax.start} berth-ignore-next-line${close}${eol}` };
  }
  const at = { line, character: text.replace(/[ \t]+$/, '').length };
  const end = { line, character: text.length };
  return { range: { start: at, end }, newText: ` ${syntax.start} berth-ignore${close}` };
}

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

function fix(title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, isPreferred: boolean): CodeAction {
  const action = CodeAction.create(title, edit, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (isPreferred) action.isPreferred = true;
  return action;
}

type R = Finding['range'];
function overlaps(a: R, b: R): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}
function before(p: R['start'], q: R['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}
