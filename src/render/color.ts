// Decides whether terminal output is coloured: NO_COLOR (no-color.org) first, then FORCE_COLOR, then a TTY.

/** The part of a stream the decision needs (`process.stdout` fits). */
export interface ColorStream {
  isTTY?: boolean;
}

/**
 * NO_COLOR with any non-empty value turns colour off, whatever else is set (the contract honours
 * it). FORCE_COLOR turns it on even when piped, except `0` / `false` (the supports-color
 * convention) which turn it off. Otherwise colour only on a terminal whose TERM is not `dumb`.
 */
export function shouldColor(stream: ColorStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}
