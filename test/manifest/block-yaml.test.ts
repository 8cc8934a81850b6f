// The fast block-subset reader against the general YAML path: whenever it accepts a text, values,
// positions and diagnostics must be the same; outside the subset it must decline.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBlockSubset } from '../../src/manifest/block-yaml.js';
import { generateManifestYaml } from '../../src/manifest/generate.js';
import type { PositionIndex } from '../../src/manifest/positions.js';
import { parseYamlDocument, parseYamlSource } from '../../src/manifest/yaml.js';
import { ROOT } from './helpers.js';

function positionMaps(p: PositionIndex): { values: [string, unknown][]; keys: [string, unknown][] } {
  const inner = p as unknown as { values: Map<string, unknown>; keys: Map<string, unknown> };
  const sorted = (m: Map<string, unknown>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { values: sorted(inner.values), keys: sorted(inner.keys) };
}

/** Whether the subset reader accepts the text; when it does, asserts it matches the general path. */
function compare(text: string, file = 'm.yaml'): boolean {
  const fast = parseBlockSubset(file, text);
  if (fast === null) return false;
  const full = parseYamlDocument(file, text);
  expect(fast.value).toEqual(full.value);
  expect(fast.diagnostics).toEqual(full.diagnostics);
  expect(positionMaps(fast.positions)).toEqual(positionMaps(full.positions));
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const ACCEPTED: Record<string, string> = {
  nested: 'version: 1\naccount:\n  id: abc\n  users:\n    a@x.test: admin\n    B@x.test: member\n',
  lists: 'groups:\n  editors:\n    - a@x.test\n    -   b@x.test   # second\n  empty:\npolicy:\n  protected:\n    - x\n',
  'one-line lists':
    'g:\n  t: [a@x.test, b@x.test,c ,  d]\n  e: []\n  s: [ x ]   # c\n  n: [1, ~, true, 2.5]\n  blank: [  ]\n',
  scalars: 'a: 1\nb: 007\nc: true\nd: ~\ne: null\nf: 1.5\ng: 0x1F\nh: .inf\ni: 25%\nj: 1e3\nk: +3\nl: FALSE\n',
  comments:
    '# head\n\nversion: 1   # trailing\n  # indented comment\nworkspaces:\n\n  # between\n  Post House:\n' +
    '    mode: authoritative\n',
  duplicates: 'a: 1\nb:\n  x: 1\n  x: 2\na:\n  c: 3\n  c: 4\n',
  'odd keys': 'w:\n  a~b/c: 1\n  __proto__: 2\n  x#y: 3\n  .dot: 4\n  1: one\n  null: n\n',
  spaces: 'a:    b  c   \nd:\n   e: f\n   g:\nh: http://x.test/a:b\n',
  'no final newline': 'a:\n  b: c',
  hashes: 'a: b#c\nd: e # f\ng#h: i\n',
  'unicode spaces': 'a: b\u00a0\nc: [d\u3000, e]\nf:\n  - g\u2003\n\u00a0k: v\nh: é ü\n',
};

const DECLINED: Record<string, string> = {
  quoted: 'a: "b"\n',
  'quoted key': '"a": b\n',
  anchor: 'a: &x b\nc: *x\n',
  'multi-line list': 'a: [1,\n  2]\n',
  'nested list': 'a: [b, [c]]\n',
  'trailing comma': 'a: [b, ]\n',
  'pair in list': 'a: [b: c]\n',
  'text after list': 'a: [b] c\n',
  'flow map': 'a: {b: 1}\n',
  tag: 'a: !!str 1\n',
  block: 'a: |\n  text\n',
  folded: 'a: >\n  text\n',
  tab: 'a:\tb\n',
  crlf: 'a: b\r\nc: d\r\n',
  'multi-line scalar': 'a: b\n  c\n',
  'compact list': 'a:\n- b\n',
  'list of maps': 'a:\n  - b: c\n',
  'empty item': 'a:\n  - \n',
  'bad indent': 'a:\n    b: 1\n  c: 2\n',
  'document marker': '---\na: b\n',
  'two documents': 'a: b\n---\nc: d\n',
  directive: '%YAML 1.2\n---\na: b\n',
  'root list': '- a\n- b\n',
  'root scalar': 'hello\n',
  'indented root': '  a: b\n',
  empty: '',
  'comments only': '# nothing\n',
  'colon in value': 'a: b: c\n',
  'value ends with colon': 'a: b:\n',
  'no space after colon': 'a:b\n',
  'question key': '? a\n: b\n',
  'merge key': 'a: 1\n<<: 2\n',
  emoji: 'a: 🎬\n',
};

describe('parseBlockSubset', () => {
  for (const [name, text] of Object.entries(ACCEPTED)) {
    it(`reads ${name} as the general parser does`, () => {
      expect(compare(text)).toBe(true);
    });
  }

  for (const [name, text] of Object.entries(DECLINED)) {
    it(`leaves ${name} to the general parser`, () => {
      expect(parseBlockSubset('m.yaml', text)).toBeNull();
    });
  }

  it('reports a repeated key once, at the repeat, and keeps the first value', () => {
    const fast = parseBlockSubset('m.yaml', 'a: 1\na:\n  b: 2\n');
    expect(fast?.value).toEqual({ a: 1 });
    expect(fast?.diagnostics.map((d) => [d.pos.line, d.message])).toEqual([
      [2, "duplicate key 'a' in the manifest; it is already written at m.yaml:1:1"],
    ]);
  });

  it('reads the generated large manifest, the same as the general parser', () => {
    const text = generateManifestYaml({
      users: 300,
      workspaces: 12,
      accountId: '0b9c3c0e-5f7a-4c55-9a51-00000000be9c',
      pinIds: true,
    });
    expect(compare(text)).toBe(true);
  });

  it('agrees with the general parser on every fixture and example it accepts', () => {
    const files = [...yamlFiles(join(ROOT, 'test/fixtures/manifests')), ...yamlFiles(join(ROOT, 'examples'))];
    let accepted = 0;
    for (const file of files) if (compare(readFileSync(file, 'utf8'), file)) accepted += 1;
    // Most of them are plain block YAML; the rest exercise what only the general parser reads.
    expect(accepted).toBeGreaterThan(files.length / 2);
  });

  it('is what parseYamlSource uses, and its fallback still reports YAML errors', () => {
    expect(parseYamlSource('m.yaml', 'a: [1\n').diagnostics[0]?.message).toMatch(/^YAML syntax error/);
    expect(parseYamlSource('m.yaml', 'a:\n  b: 1\n').value).toEqual({ a: { b: 1 } });
  });
});
