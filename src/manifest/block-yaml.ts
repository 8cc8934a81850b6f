// A fast reader for the plain block subset of YAML most manifests are written in (nested `key: value`
// mappings, `- item` lists, one-line `[a, b]` lists, plain scalars, comments). The general parser builds
// a whole document model and is most of `validate`'s time on large manifests. Anything outside the subset (quotes,
// anchors, flow collections, tags, block scalars, tabs, odd indentation...) returns null and the
// caller uses the general parser, so both always give the same values, positions and diagnostics.
import { Document, isScalar } from 'yaml';
import { formatPos, type Diagnostic, type SourcePos } from '../errors.js';
import { PositionIndex, childPointer, pointerSegments } from './positions.js';
import { describePlace } from './where.js';

/** Text the subset never holds: control characters, tabs, CR, BOM, line separators, non-BMP characters. */
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;
/** Characters that may not start a plain scalar here (YAML indicators). */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`');
/** Well under the general parser's limits (1024-character keys, 32 levels). */
const MAX_KEY = 1000;
const MAX_DEPTH = 20;

/** The message the general path gives a repeated key; shared so both paths say it the same way. */
export function duplicateKeyMessage(key: string, pointer: string, first: SourcePos): string {
  const place = describePlace(pointerSegments(pointer));
  return `duplicate key '${key}' in ${place}; it is already written at ${formatPos(first)}`;
}

interface Line {
  /** 1-based line number. */
  no: number;
  indent: number;
  text: string;
}

class Unsupported extends Error {}

/** Trailing spaces only: YAML's white space is space and tab, unlike `trimEnd`'s Unicode spaces. */
function trimSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end -= 1;
  return end === s.length ? s : s.slice(0, end);
}

const fail = (): never => {
  throw new Unsupported();
};

/** How manifests are read, by this reader and by the general parser alike: YAML 1.2 core, no merge keys. */
export const YAML_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  resolveKnownTags: false,
  stringKeys: true,
  uniqueKeys: false,
  strict: true,
} as const;

// Scalars resolve through the same schema the general parser uses, so `1`, `true`, `~`, `0x1f`
// become the same values.
let schemaTags:
  | { default?: unknown; test?: RegExp; resolve: (s: string, onError: (m: string) => void, o: unknown) => unknown }[]
  | undefined;
let schemaOptions: unknown;

function resolvePlain(source: string): unknown {
  if (!schemaTags) {
    const doc = new Document(null, YAML_OPTIONS);
    schemaTags = doc.schema.tags as unknown as typeof schemaTags;
    schemaOptions = doc.options;
  }
  const tag = schemaTags!.find((t) => t.default === true && t.test?.test(source));
  if (!tag) return source;
  const res = tag.resolve(source, fail, schemaOptions);
  return isScalar(res) ? res.value : res;
}

/** The parse, or null when the text is outside the subset. */
export function parseBlockSubset(
  file: string,
  text: string,
): { value: unknown; positions: PositionIndex; diagnostics: Diagnostic[] } | null {
  if (UNSAFE.test(text)) return null;
  const lines: Line[] = [];
  let start = 0;
  for (let no = 1; start <= text.length; no += 1) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i += 1;
    // Blank and comment-only lines carry no structure.
    if (i < end && text[i] !== '#') {
      // Document markers and directives belong to the general parser.
      if (i === start && (text.startsWith('---', i) || text.startsWith('...', i))) return null;
      lines.push({ no, indent: i - start, text: text.slice(start, end) });
    }
    start = end + 1;
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return null;

  const positions = new PositionIndex(file);
  const diagnostics: Diagnostic[] = [];
  let k = 0;
  const at = (line: Line, index: number): SourcePos => ({ file, line: line.no, col: index + 1 });
  const isSeqLine = (line: Line): boolean =>
    line.text.length === line.indent + 1 ? line.text[line.indent] === '-' : line.text.startsWith('- ', line.indent);

  /** A plain scalar's text: a `key: value` value or a list item, comment cut off. */
  const scalarText = (raw: string): string => {
    const hash = raw.indexOf(' #');
    const s = trimSpaces(hash === -1 ? raw : raw.slice(0, hash));
    if (s === '' || INDICATORS.has(s[0]!) || s.includes(': ') || s.endsWith(':')) fail();
    return s;
  };

  /** `record` false: the value of a repeated key, which the general path neither positions nor checks. */
  const parseMap = (indent: number, pointer: string, depth: number, record: boolean): Record<string, unknown> => {
    if (depth > MAX_DEPTH) fail();
    if (record) positions.setValue(pointer, at(lines[k]!, indent));
    const out: Record<string, unknown> = {};
    const seen = new Map<string, SourcePos>();
    while (k < lines.length) {
      const line = lines[k]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isSeqLine(line)) fail();
      let sep = line.text.indexOf(':', indent);
      while (sep !== -1 && sep + 1 < line.text.length && line.text[sep + 1] !== ' ')
        sep = line.text.indexOf(':', sep + 1);
      if (sep === -1) fail();
      const key = line.text.slice(indent, sep);
      if (
        key === '' ||
        key.length > MAX_KEY ||
        INDICATORS.has(key[0]!) ||
        key.endsWith(' ') ||
        key.includes(':') ||
        key.includes(' #') ||
        key === '<<'
      )
        fail();
      const keyPos = at(line, indent);
      const child = childPointer(pointer, key);
      const first = seen.get(key);
      const keep = record && first === undefined;
      if (record && first !== undefined)
        diagnostics.push({ severity: 'error', pos: keyPos, message: duplicateKeyMessage(key, pointer, first) });
      if (keep) {
        seen.set(key, keyPos);
        positions.setKey(child, keyPos);
      }
      let v = sep + 1;
      while (v < line.text.length && line.text.charCodeAt(v) === 32) v += 1;
      let value: unknown;
      k += 1;
      if (v < line.text.length && line.text[v] === '[') {
        value = parseFlowSeq(line, v, child, depth + 1, keep);
        if (k < lines.length && lines[k]!.indent > indent) fail();
      } else if (v < line.text.length && line.text[v] !== '#') {
        value = resolvePlain(scalarText(line.text.slice(v)));
        if (keep) positions.setValue(child, at(line, v));
        if (k < lines.length && lines[k]!.indent > indent) fail();
      } else if (k < lines.length && lines[k]!.indent > indent) {
        const next = lines[k]!;
        value = isSeqLine(next)
          ? parseSeq(next.indent, child, depth + 1, keep)
          : parseMap(next.indent, child, depth + 1, keep);
      } else {
        // An empty value: null, positioned at its key, as the general path does.
        value = resolvePlain('');
        if (keep) positions.setValue(child, keyPos);
      }
      // defineProperty: a `__proto__` key must stay a plain (and then unknown) key. Only there: it
      // is far slower than a plain store on mappings of thousands of users.
      if (!keep) continue;
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  };

  const parseSeq = (indent: number, pointer: string, depth: number, record: boolean): unknown[] => {
    if (depth > MAX_DEPTH) fail();
    if (record) positions.setValue(pointer, at(lines[k]!, indent));
    const out: unknown[] = [];
    while (k < lines.length) {
      const line = lines[k]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !isSeqLine(line)) fail();
      let v = indent + 1;
      while (v < line.text.length && line.text.charCodeAt(v) === 32) v += 1;
      if (v >= line.text.length || line.text[v] === '#') fail();
      const item = resolvePlain(scalarText(line.text.slice(v)));
      if (record) positions.setValue(childPointer(pointer, String(out.length)), at(line, v));
      out.push(item);
      k += 1;
      if (k < lines.length && lines[k]!.indent > indent) fail();
    }
    return out;
  };

  /** `[a, b, c]` on one line, plain items only (group members are often written so). */
  const parseFlowSeq = (line: Line, open: number, pointer: string, depth: number, record: boolean): unknown[] => {
    if (depth > MAX_DEPTH) fail();
    const close = line.text.indexOf(']', open);
    if (close === -1) fail();
    const rest = line.text.slice(close + 1);
    if (!/^ *$/.test(rest) && !/^ +#/.test(rest)) fail();
    const inner = line.text.slice(open + 1, close);
    if (/[[\]{}:#]/.test(inner)) fail();
    if (record) positions.setValue(pointer, at(line, open));
    const out: unknown[] = [];
    if (/^ *$/.test(inner)) return out;
    let from = open + 1;
    for (const part of inner.split(',')) {
      let lead = 0;
      while (part.charCodeAt(lead) === 32) lead += 1;
      const item = trimSpaces(part.slice(lead));
      if (item === '' || INDICATORS.has(item[0]!)) fail();
      if (record) positions.setValue(childPointer(pointer, String(out.length)), at(line, from + lead));
      out.push(resolvePlain(item));
      from += part.length + 1;
    }
    return out;
  };

  try {
    const value = parseMap(0, '', 0, true);
    if (k !== lines.length) return null;
    return { value, positions, diagnostics };
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}
