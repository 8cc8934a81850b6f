// The typed reads the tests use on parsed JSON and YAML: what a path answers, and how a wrong shape fails.
import { describe, expect, it } from 'vitest';
import { at, list, mapping, text } from './json.js';

const doc: unknown = JSON.parse('{"jobs":{"plan":{"steps":[{"uses":"a@1"},{"run":"echo"}]}},"n":null}');

describe('at', () => {
  it('walks mapping keys and list indexes, answering undefined where the path leaves the document', () => {
    expect(at(doc, 'jobs', 'plan', 'steps', 1, 'run')).toBe('echo');
    expect(at(doc, 'jobs', 'plan', 'steps', 2, 'run')).toBeUndefined();
    expect(at(doc, 'n', 'x')).toBeUndefined();
    expect(at(doc, 'jobs', 'plan', 'steps', 0, 'uses', 'length')).toBeUndefined();
    expect(at(doc)).toBe(doc);
  });

  it('never reads a prototype', () => {
    expect(at(doc, 'constructor')).toBeUndefined();
    expect(at(doc, 'jobs', 'toString')).toBeUndefined();
  });
});

describe('checked reads', () => {
  it('answer the value when it has the shape', () => {
    expect(Object.keys(mapping(doc, 'jobs'))).toEqual(['plan']);
    expect(list(doc, 'jobs', 'plan', 'steps')).toHaveLength(2);
    expect(text(doc, 'jobs', 'plan', 'steps', 0, 'uses')).toBe('a@1');
  });

  it('fail naming the path and what was found', () => {
    expect(() => mapping(doc, 'jobs', 'plan', 'steps')).toThrow('expected a mapping at jobs.plan.steps, found a list');
    expect(() => list(doc, 'jobs', 'build', 'steps')).toThrow('expected a list at jobs.build.steps, found undefined');
    expect(() => text(doc, 'n')).toThrow('expected a string at n, found null');
    expect(() => mapping('x')).toThrow('expected a mapping at the top, found string');
  });
});
