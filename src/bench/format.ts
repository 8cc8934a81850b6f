// Small formatting helpers for the benchmark report: numbers, durations, ratios, Markdown tables.

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

export const mib = (n: number): string => `${n.toFixed(0)} MiB`;

export function table(header: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
  const sep = header.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}
