// Reads a YAML seed file (format of examples/emulator-seed.yaml) and names every problem by
// file:line:col, so a hand-edited seed is fixed in one pass.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { RolesyncError, fileProblem } from '../errors.js';
import { counted } from '../plural.js';
import { checkSeed, type SeedPath } from './validate-seed.js';
import type { EmulatorStateInput } from './types.js';

export function loadStateFile(path: string): EmulatorStateInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RolesyncError('CONFIG', `cannot read the emulator state file ${path}: ${fileProblem(err)}`);
  }
  return parseState(text, path);
}

/** Parses seed YAML text; `file` only names the source in messages. */
export function parseState(text: string, file: string): EmulatorStateInput {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`);
    throw new RolesyncError('CONFIG', [`the emulator state file ${file} is not valid YAML:`, ...lines].join('\n'));
  }
  const { state, issues } = checkSeed(doc.toJS());
  if (state) return state;
  const lines = issues.map((i) => `${at(offsetOf(doc, i.path))}: ${i.message}`);
  throw new RolesyncError(
    'CONFIG',
    [`the emulator state file ${file} is invalid (${counted(issues.length, 'error')}):`, ...lines].join('\n'),
  );
}

/** Start offset of the node at `path`, or of its nearest existing ancestor. */
function offsetOf(doc: Document, path: SeedPath): number {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}
