// What the figures were measured on: CPU, cores, memory, Node, OS, and when.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the bench started: other work on the machine moves the timings. */
  load: number;
}

export function describeMachine(now: Date = new Date()): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    load: loadavg()[0] ?? 0,
  };
}
