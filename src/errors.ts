// The few named error classes of rolesync. Each has a `code`; the CLI maps them to exit codes and
// prints `message` only (never a stack) for these. Messages never contain the API token.
import { counted } from './plural.js';

export type ErrorCode =
  | 'MANIFEST_INVALID'
  | 'RESOLVE_FAILED'
  | 'API_ERROR'
  | 'API_PROTOCOL'
  | 'CONFIG'
  /** Adobe IMS refused or could not be reached, or the saved login cannot be used. */
  | 'AUTH'
  | 'PLAN_FILE'
  | 'USAGE';

export class RolesyncError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'RolesyncError';
    this.code = code;
  }
}

/**
 * What a token source (src/auth) throws when no token can be had: a RolesyncError with code AUTH,
 * each of them: IMS refused the client or the saved login, could not be reached or gave no usable
 * token (ImsError); the saved login is gone, unreadable, cannot be locked, or was renewed and could
 * not be saved (lost). Nothing else an API call runs throws AUTH (outside the token sources, only
 * `rolesync login`'s prompt does).
 */
export function isCredentialFailure(error: unknown): error is RolesyncError {
  return error instanceof RolesyncError && error.code === 'AUTH';
}

/** A position in a manifest file; `line` and `col` are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** One finding about a manifest: an error stops the run, a warning is reported and run goes on. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  pos: SourcePos;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${formatPos(d.pos)}: ${d.severity}: ${d.message}`;
}

/** A manifest (or a set of files) failed to load, validate or resolve; carries every error at once. */
export class ManifestError extends RolesyncError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], summary = 'the manifest is invalid') {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      'MANIFEST_INVALID',
      [`${summary} (${counted(errors.length, 'error')}):`, ...diagnostics.map(formatDiagnostic)].join('\n'),
    );
    this.name = 'ManifestError';
    this.diagnostics = diagnostics;
  }
}

/** The Frame.io API answered with an error, or could not be reached after the retries. */
export class ApiError extends RolesyncError {
  readonly method: string;
  readonly path: string;
  /** HTTP status, or 0 when no answer came (connection refused, reset, timeout). */
  readonly status: number;
  /** The API's own `errors[].detail` texts, joined. */
  readonly detail: string;
  /** What to change so that the call can succeed, when the cause says it (a no-answer failure). */
  readonly hint?: string | undefined;
  constructor(method: string, path: string, status: number, detail: string) {
    super(
      'API_ERROR',
      `${method} ${path} failed: ${status === 0 ? 'no answer' : `HTTP ${status}`}${detail ? `: ${detail}` : ''}`,
    );
    this.name = 'ApiError';
    this.method = method;
    this.path = path;
    this.status = status;
    this.detail = detail;
  }
}

/** A file system error in words a user reads ("no such file or directory"), not an errno name. */
export function fileProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'EFBIG') return 'file too large';
  return code ?? (error instanceof Error ? error.message : String(error));
}
