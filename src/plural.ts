// How output counts things: a number and the noun that agrees with it. A leaf module, so commands
// that load little (validate) may use it too.

/** `1 change`, `3 changes`; `many` for a plural that is not `one` + `s` (`1 member is`, `2 members are`). */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
