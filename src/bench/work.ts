// The work a stage does, counted rather than timed: calls of Map and Set methods (the hash lookups
// resolve, the diff and policy are made of) and calls of sort comparators. Counts do not depend on
// the machine's caches or load, so their growth with the data shows whether a stage's algorithm is
// linear even where its time grows faster because each lookup gets dearer.

/** Operations one run of a stage made. */
export interface WorkCounts {
  /** Calls of `get`, `set`, `has`, `add` and `delete` on any Map or Set. */
  hashOps: number;
  /** Calls of the comparators given to `Array.prototype.sort`. */
  comparisons: number;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs `run` with Map, Set and sort calls counted, then puts the built-ins back, whatever happens.
 * Counting slows every call, so the bench counts in a pass of its own, never while it times.
 */
export async function countWork(run: () => unknown): Promise<WorkCounts> {
  const counts: WorkCounts = { hashOps: 0, comparisons: 0 };
  const restore: (() => void)[] = [];
  const wrap = (proto: object, name: string, wrapper: (original: Method) => Method): void => {
    const original = (proto as Record<string, Method>)[name]!;
    Object.defineProperty(proto, name, { value: wrapper(original), configurable: true, writable: true });
    restore.push(() => Object.defineProperty(proto, name, { value: original, configurable: true, writable: true }));
  };
  const counted = (original: Method): Method =>
    function (this: unknown, ...args: unknown[]) {
      counts.hashOps += 1;
      return original.apply(this, args);
    };
  for (const name of ['get', 'set', 'has', 'delete']) wrap(Map.prototype, name, counted);
  for (const name of ['add', 'has', 'delete']) wrap(Set.prototype, name, counted);
  wrap(
    Array.prototype,
    'sort',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        const compare = args[0];
        if (typeof compare !== 'function') return original.apply(this, args);
        return original.call(this, (a: unknown, b: unknown) => {
          counts.comparisons += 1;
          return (compare as (a: unknown, b: unknown) => number)(a, b);
        });
      },
  );
  try {
    // A synchronous stage is counted without an await, so nothing else runs while the built-ins are wrapped.
    const out = run();
    if (out instanceof Promise) await out;
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return counts;
}
