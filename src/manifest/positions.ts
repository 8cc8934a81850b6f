// Where each key and value of a parsed manifest was written, addressed by JSON Pointer (the same
// `instancePath` ajv reports), so schema and semantic errors can name `file:line:col`.
import type { SourcePos } from '../errors.js';

/** JSON Pointer escaping (RFC 6901), as ajv writes `instancePath`. */
export function childPointer(parent: string, key: string): string {
  // Most keys need no escaping; skipping the two regex passes matters on large manifests.
  if (!key.includes('~') && !key.includes('/')) return `${parent}/${key}`;
  return `${parent}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function pointerOf(segments: readonly string[]): string {
  return segments.reduce<string>((acc, s) => childPointer(acc, s), '');
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export class PositionIndex {
  private readonly values = new Map<string, SourcePos>();
  private readonly keys = new Map<string, SourcePos>();

  constructor(readonly file: string) {}

  setValue(pointer: string, pos: SourcePos): void {
    this.values.set(pointer, pos);
  }

  setKey(pointer: string, pos: SourcePos): void {
    this.keys.set(pointer, pos);
  }

  /** Position of the value at `pointer`, else of the nearest ancestor that has one. */
  value(pointer: string): SourcePos {
    let p = pointer;
    for (;;) {
      const pos = this.values.get(p) ?? this.keys.get(p);
      if (pos) return pos;
      if (p === '') return { file: this.file, line: 1, col: 1 };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /** Position of the key that holds `pointer`, else of its value. */
  key(pointer: string): SourcePos {
    return this.keys.get(pointer) ?? this.value(pointer);
  }
}
