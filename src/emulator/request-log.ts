// The emulator's --log file: one JSON line per request, to see what a client sent and what it got.
// Lines are built from the request log entry alone, which holds no header: never the bearer token.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RolesyncError, fileProblem } from '../errors.js';
import type { RequestLogEntry } from './types.js';

/**
 * One line of the file: when, what was asked (method, path, query, body, the `api-version` header or
 * null) and the answer.
 */
export function requestLogLine(entry: RequestLogEntry, at: number): string {
  const line = {
    time: new Date(at).toISOString(),
    method: entry.method,
    path: entry.path,
    query: entry.query,
    ...(entry.body !== undefined ? { body: entry.body } : {}),
    api_version: entry.apiVersion,
    status: entry.status,
    operation: entry.operation,
    user: entry.userEmail,
    ...(entry.fault ? { fault: entry.fault.kind } : {}),
  };
  return `${JSON.stringify(line)}\n`;
}

export interface RequestLogFile {
  write(entry: RequestLogEntry, at: number): void;
  close(): void;
}

/**
 * Opens (and empties) the file at once, so that a path that cannot be written fails before the
 * emulator starts. Lines are written synchronously: each is in the file before its answer is sent.
 * A later write failure is told once through `onError`, and logging stops.
 */
export function openRequestLog(path: string, onError: (message: string) => void): RequestLogFile {
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w');
  } catch (error) {
    throw new RolesyncError('CONFIG', `cannot write the request log ${path}: ${fileProblem(error)}`);
  }
  return {
    write(entry, at) {
      if (fd === undefined) return;
      try {
        writeSync(fd, requestLogLine(entry, at));
      } catch (error) {
        onError(`cannot write the request log ${path} (${fileProblem(error)}); requests are no longer logged`);
        const broken = fd;
        fd = undefined;
        try {
          closeSync(broken);
        } catch {
          // Already reported above; the emulator goes on answering.
        }
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
