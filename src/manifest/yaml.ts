// Safe YAML reading for untrusted manifests: one document, core schema, no custom tags, a small
// alias budget, and a position for every key and value so later checks can name `file:line:col`.
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePos } from '../errors.js';
import { duplicateKeyMessage, parseBlockSubset, YAML_OPTIONS } from './block-yaml.js';
import { PositionIndex, childPointer } from './positions.js';

/** Alias resolutions allowed per file: enough for honest reuse, far too few for a "billion laughs". */
export const MAX_ALIAS_EXPANSIONS = 100;
/** A manifest is 6 levels deep (workspaces, name, projects, name, users, email); deeper is hostile or a mistake. */
const MAX_DEPTH = 32;

export interface ParsedSource {
  /** Plain data (objects, arrays, scalars); `undefined` when the file could not be read as YAML. */
  value: unknown;
  positions: PositionIndex;
  diagnostics: Diagnostic[];
}

class AliasBudgetExceeded extends Error {
  constructor(readonly pos: SourcePos) {
    super('alias budget exceeded');
  }
}

export function parseYamlSource(file: string, text: string): ParsedSource {
  return parseBlockSubset(file, text) ?? parseYamlDocument(file, text);
}

/** The general parser alone: any YAML, every diagnostic. `parseYamlSource` tries the fast subset first. */
export function parseYamlDocument(file: string, text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const positions = new PositionIndex(file);
  const diagnostics: Diagnostic[] = [];
  const posAt = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const error = (pos: SourcePos, message: string): void => {
    diagnostics.push({ severity: 'error', pos, message });
  };

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter, prettyErrors: false });
  } catch (err) {
    // The parser recurses on nesting; pathological input can exhaust the stack.
    error(
      { file, line: 1, col: 1 },
      `cannot parse this file as YAML (${err instanceof RangeError ? 'nesting too deep' : String(err)})`,
    );
    return { value: undefined, positions, diagnostics };
  }

  for (const e of doc.errors) {
    const message =
      e.code === 'MULTIPLE_DOCS'
        ? 'a manifest file holds one YAML document; move each `---` document into a file of its own'
        : `YAML syntax error: ${e.message}`;
    error(posAt(e.pos[0]), message);
  }
  // After a syntax error the tree is a guess; checking it further would only add noise.
  if (diagnostics.length > 0) return { value: undefined, positions, diagnostics };
  for (const w of doc.warnings) {
    const tag = /Unresolved tag: (\S+)/.exec(w.message)?.[1];
    error(
      posAt(w.pos[0]),
      tag ? `unknown tag '${tag}'; rolesync reads plain YAML only (no custom tags, no includes)` : `YAML: ${w.message}`,
    );
  }
  // A tagged value was not read as its author meant: its schema errors would only mislead.
  if (diagnostics.length > 0) return { value: undefined, positions, diagnostics };
  if (doc.contents === null) {
    error(
      { file, line: 1, col: 1 },
      "the file is empty; a manifest needs at least 'version: 1' and 'account: {id: ...}'",
    );
    return { value: undefined, positions, diagnostics };
  }

  const nodePos = (node: Node): SourcePos | undefined => (node.range ? posAt(node.range[0]) : undefined);
  const resolvedAliases = new Map<Node, Node | undefined>();
  let aliasCount = 0;
  /** Collections being converted: an alias to one of them would recurse forever. */
  const open = new Set<Node>();

  const convert = (node: Node | null, pointer: string, depth: number): unknown => {
    if (node === null) return null;
    if (depth > MAX_DEPTH) {
      error(
        nodePos(node) ?? { file, line: 1, col: 1 },
        `nesting deeper than ${MAX_DEPTH} levels; a manifest is at most 6 levels deep`,
      );
      return null;
    }
    if (isAlias(node)) {
      aliasCount += 1;
      const here = nodePos(node) ?? { file, line: 1, col: 1 };
      if (aliasCount > MAX_ALIAS_EXPANSIONS) throw new AliasBudgetExceeded(here);
      if (!resolvedAliases.has(node)) resolvedAliases.set(node, node.resolve(doc));
      const target = resolvedAliases.get(node);
      if (target === undefined) {
        error(here, `unknown alias '*${node.source}'; define the anchor '&${node.source}' before using it`);
        return null;
      }
      if (open.has(target)) {
        error(here, `alias '*${node.source}' refers to a node that contains it; a manifest cannot be recursive`);
        return null;
      }
      const value = convert(target, pointer, depth + 1);
      positions.setValue(pointer, here);
      return value;
    }
    const pos = nodePos(node);
    if (pos) positions.setValue(pointer, pos);
    if (isScalar(node)) return node.value;
    if (isSeq(node)) {
      open.add(node);
      const out = node.items.map((item, i) =>
        convert(item as Node | null, childPointer(pointer, String(i)), depth + 1),
      );
      open.delete(node);
      return out;
    }
    if (isMap(node)) {
      open.add(node);
      const out: Record<string, unknown> = {};
      const seen = new Map<string, SourcePos>();
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyPos = (keyNode && nodePos(keyNode)) ?? pos ?? { file, line: 1, col: 1 };
        if (!isScalar(keyNode)) {
          error(keyPos, 'a key must be a plain string');
          continue;
        }
        const key = String(keyNode.value ?? '');
        const child = childPointer(pointer, key);
        const first = seen.get(key);
        if (first) {
          error(keyPos, duplicateKeyMessage(key, pointer, first));
          continue;
        }
        seen.set(key, keyPos);
        positions.setKey(child, keyPos);
        const valueNode = pair.value as Node | null;
        // An empty value (`users:` and nothing) has no text of its own: point at its key.
        const empty =
          valueNode === null ||
          (isScalar(valueNode) && valueNode.range != null && valueNode.range[0] === valueNode.range[1]);
        const value = convert(valueNode, child, depth + 1);
        if (empty) positions.setValue(child, keyPos);
        // defineProperty: a `__proto__` key must stay a plain (and then unknown) key.
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      open.delete(node);
      return out;
    }
    return null;
  };

  try {
    const value = convert(doc.contents as Node, '', 0);
    // Duplicate keys and the like are reported but do not stop the schema and semantic checks.
    return { value, positions, diagnostics };
  } catch (err) {
    if (!(err instanceof AliasBudgetExceeded)) throw err;
    error(
      err.pos,
      `YAML aliases expand more than ${MAX_ALIAS_EXPANSIONS} times in this file; refused as a possible "billion ` +
        'laughs" attack (write the entries out instead of nesting aliases)',
    );
    return { value: undefined, positions, diagnostics };
  }
}
