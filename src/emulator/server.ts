// The emulator's HTTP server (node:http): one pipeline per request — route, auth, injected
// faults, rate limit, handler — and a request log that tests read.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AUDIT_API_VERSION,
  OPERATIONS,
  RATE_WINDOW_MS,
  apiVersionOf,
  isExperimental,
  type Operation,
} from '../api/index.js';
import { RolesyncError } from '../errors.js';
import { HttpError, errorBody, readBody, sendEmpty, sendJson } from './http-util.js';
import type { Ctx, Result } from './access.js';
import { API_IP_ADDRESS } from './audit.js';
import { changesOfWrite } from './audit-writes.js';
import { CONTROL_PREFIX, controlRequest } from './audit-control.js';
import { auditLogsIndex } from './audit-handlers.js';
import { FaultInjector, type FaultController } from './faults.js';
import { DEFAULT_IMS_TOKEN_LIFETIME, IMS_SECRET_KEYS, ImsStandIn, type SeedImsClient } from './ims.js';
import {
  accountsIndex,
  accountUsersIndex,
  me,
  workspacesIndex,
  workspacesShow,
  workspaceUsersIndex,
} from './handlers-read.js';
import { deleteWorkspaceUser, updateAccountRole, updateWorkspaceRole } from './handlers-write.js';
import {
  deleteProjectUser,
  projectsIndex,
  projectsShow,
  projectUsersIndex,
  updateProject,
  updateProjectRole,
} from './handlers-projects.js';
import {
  deleteProjectGroup,
  deleteWorkspaceGroup,
  projectGroupsIndex,
  updateProjectGroup,
  updateWorkspaceGroup,
  workspaceGroupsIndex,
} from './handlers-group-roles.js';
import {
  addGroupUsers,
  createGroup,
  groupsIndex,
  groupsShow,
  groupUsersIndex,
  removeGroupUser,
} from './handlers-groups.js';
import { RateLimiter, type RateState } from './rate-limit.js';
import { decodeSegments, matchRoute, type RouteMatch } from './routes.js';
import { loadStateFile } from './seed-file.js';
import { EmulatorState, type UserRecord } from './state.js';
import { createStateHandle, type EmulatorStateHandle } from './state-handle.js';
import { DEFAULT_LIMITS, type EmulatorOptions, type RequestLogEntry } from './types.js';
import { validateSeed } from './validate-seed.js';

export interface Emulator {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  /** Read roles and make hand edits (not logged as API calls). */
  state: EmulatorStateHandle;
  /** Every request in arrival order; the same array for the emulator's life. */
  log: RequestLogEntry[];
  clearLog(): void;
  faults: FaultController;
  /** The seed's tokens, in seed order (public test data). */
  tokens: { token: string; email: string }[];
  /** The seed's IMS credentials (public test data), and how long an access token lasts (emulated s). */
  ims: { clients: SeedImsClient[]; tokenLifetime: number };
  /** What the state came from: the YAML path, or "in-memory state". */
  stateSource: string;
  timeScale: number;
  /** The rate-limit window in real milliseconds (`x-ratelimit-window`). */
  windowMs: number;
  /** Every rate-limit bucket full again. */
  resetRateLimits(): void;
  /** Calls `listener` with each request as it is answered or dropped (`rolesync emulator --log`). */
  onRequest(listener: RequestListener): void;
  close(): Promise<void>;
}

/** Told of each request once its status is known, with the time (ms since the epoch). */
export type RequestListener = (entry: RequestLogEntry, at: number) => void;

const HANDLERS: Record<Operation, (ctx: Ctx) => Result> = {
  'users.show': me,
  'accounts.index': accountsIndex,
  'workspaces.index': workspacesIndex,
  'workspaces.show': workspacesShow,
  'account_user_roles.index': accountUsersIndex,
  'account_user_roles.update': updateAccountRole,
  'workspace_user_roles.index': workspaceUsersIndex,
  'workspace_user_roles.update': updateWorkspaceRole,
  'workspace_user_roles.delete': deleteWorkspaceUser,
  'projects.index': projectsIndex,
  'projects.show': projectsShow,
  'projects.update': updateProject,
  'project_user_roles.index': projectUsersIndex,
  'project_user_roles.update': updateProjectRole,
  'project_permissions.delete': deleteProjectUser,
  'groups.index': groupsIndex,
  'groups.show': groupsShow,
  'groups.create': createGroup,
  'group_users.index': groupUsersIndex,
  'group_users.add': addGroupUsers,
  'group_users.remove': removeGroupUser,
  'workspace_group_roles.index': workspaceGroupsIndex,
  'workspace_group_roles.update': updateWorkspaceGroup,
  'workspace_group_roles.delete': deleteWorkspaceGroup,
  'project_group_roles.index': projectGroupsIndex,
  'project_group_roles.update': updateProjectGroup,
  'project_group_roles.delete': deleteProjectGroup,
  'auditlog.index': auditLogsIndex,
};

/** The header every experimental endpoint requires, and its one value. */
const API_VERSION = 'api-version';
const EXPERIMENTAL = 'experimental';

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const input = typeof options.state === 'string' ? loadStateFile(options.state) : validateSeed(options.state);
  const state = new EmulatorState(input, options.now ?? Date.now);
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new RolesyncError('CONFIG', `the emulator's time scale must be a positive number, not ${timeScale}`);
  const limits = { ...DEFAULT_LIMITS };
  for (const [op, n] of Object.entries(options.limits ?? {})) {
    if (!(OPERATIONS as readonly string[]).includes(op))
      throw new RolesyncError(
        'CONFIG',
        `the emulator has no operation ${op} to limit (known: ${OPERATIONS.join(', ')})`,
      );
    if (!Number.isInteger(n) || (n as number) < 1)
      throw new RolesyncError('CONFIG', `the emulator's limit for ${op} must be a positive integer`);
    limits[op as Operation] = n as number;
  }
  const stateHandle = createStateHandle(state);
  const limiter = new RateLimiter(limits, RATE_WINDOW_MS / timeScale, options.now ?? Date.now);
  const faults = new FaultInjector(options.faults, options.seed ?? 1);
  const imsLifetime = options.imsTokenLifetime ?? input.ims_token_lifetime ?? DEFAULT_IMS_TOKEN_LIFETIME;
  if (!(imsLifetime > 0) || !Number.isFinite(imsLifetime))
    throw new RolesyncError(
      'CONFIG',
      `the IMS token lifetime must be a positive number of seconds, not ${imsLifetime}`,
    );
  const ims = new ImsStandIn(input.ims_clients ?? [], imsLifetime, timeScale, options.now ?? Date.now, (email) => {
    const user = state.users.get(email);
    return user?.id ? { email: user.email, name: user.name, id: user.id } : undefined;
  });
  const log: RequestLogEntry[] = [];
  const listeners: RequestListener[] = [];
  const clock = options.now ?? Date.now;
  const record = (entry: RequestLogEntry) => {
    log.push(entry);
    for (const listener of listeners) listener(entry, clock());
  };
  let seq = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Only a bug gets here; answer rather than hang the client.
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'Internal emulator error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const rawPath = url.pathname;
    const segments = decodeSegments(rawPath);
    const path = segments ? `/${segments.join('/')}` : rawPath;
    const entry: RequestLogEntry = {
      seq: ++seq,
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      userEmail: null,
      body: undefined,
      operation: null,
      apiVersion: headerOf(req, API_VERSION),
    };

    // IMS calls carry secrets in their form bodies and Authorization headers: the log keeps neither,
    // and the query only with the values of secret keys blanked. Injected faults reach them too.
    if (rawPath.startsWith('/ims/')) {
      for (const key of IMS_SECRET_KEYS) if (key in entry.query) entry.query[key] = '[redacted]';
      const text = await readBody(req).catch(() => '');
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      const fault = faults.decide(method, path);
      if (fault) {
        entry.fault = { kind: fault.kind, status: fault.status, source: fault.source };
        entry.status = fault.status;
        record(entry);
        if (fault.kind === 'drop') return void req.socket.destroy();
        const said = `Injected fault: HTTP ${fault.status}`;
        return sendJson(res, fault.status, { error: 'server_error', error_description: said });
      }
      const headers = { authorization: req.headers.authorization };
      const got = ims.handle(method, rawPath, url.searchParams, headers, text);
      entry.status = got.status;
      entry.userEmail = got.userEmail ?? null;
      record(entry);
      if (got.body === undefined) sendEmpty(res, got.status, got.headers);
      else sendJson(res, got.status, got.body, { 'cache-control': 'no-store', ...got.headers });
      return;
    }

    let bodyError: HttpError | undefined;
    try {
      const text = await readBody(req);
      if (text.trim() !== '') {
        try {
          entry.body = JSON.parse(text);
        } catch {
          bodyError = new HttpError(400, 'Malformed JSON in the request body');
        }
      }
    } catch (err) {
      bodyError = err instanceof HttpError ? err : new HttpError(400, 'Unreadable request body');
    }

    // Control requests (hand edits as another user) are the test's own: no token, no faults, no rate limit.
    if (segments && path.startsWith(CONTROL_PREFIX)) {
      let result: Result;
      try {
        if (bodyError) throw bodyError;
        result = controlRequest(state, stateHandle, method, path, entry.body);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        result = { status: err.status, body: errorBody(err.status, err.detail) };
      }
      entry.status = result.status;
      record(entry);
      return sendJson(res, result.status, result.body);
    }

    const match: RouteMatch = segments ? matchRoute(method, segments) : { kind: 'not_found' };
    const operation = match.kind === 'found' ? match.operation : null;
    entry.operation = operation;
    const caller = callerOf(req);
    entry.userEmail = caller?.email ?? null;
    const accountKey =
      match.kind === 'found' && match.params.accountId !== undefined
        ? (state.account(match.params.accountId)?.id ?? match.params.accountId)
        : '';

    const answer = (status: number, body: unknown, rate: RateState | undefined, extra: Record<string, string> = {}) => {
      entry.status = status;
      record(entry);
      const headers = { ...rateHeaders(rate, operation), ...extra };
      if (body === undefined) sendEmpty(res, status, headers);
      else sendJson(res, status, body, headers);
    };
    const peek = () => (caller && operation ? limiter.peek(caller.email, accountKey, operation) : undefined);

    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));

    const fault = faults.decide(method, path);
    if (fault) {
      entry.fault = { kind: fault.kind, status: fault.status, source: fault.source };
      if (fault.kind === 'drop') {
        record(entry);
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'rate_limit') {
        const rate = peek() ?? {
          allowed: false,
          limit: operation ? limits[operation] : 100,
          remaining: 0,
          windowMs: Math.round(limiter.windowMs),
        };
        const extra: Record<string, string> =
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
        return answer(429, errorBody(429, 'Too many requests'), { ...rate, remaining: 0 }, extra);
      }
      return answer(fault.status, errorBody(fault.status, `Injected fault: HTTP ${fault.status}`), peek());
    }

    if (!segments) return answer(400, errorBody(400, 'Malformed percent-encoding in the path'), undefined);
    if (match.kind === 'not_found') return answer(404, errorBody(404, `No route for ${method} ${path}`), undefined);
    // An account the experimental API is not offered to knows none of its routes.
    if (match.kind === 'found' && isExperimental(match.operation) && !state.experimental)
      return answer(404, errorBody(404, `No route for ${method} ${path}`), undefined);
    if (match.kind === 'method_not_allowed') {
      return answer(405, errorBody(405, `${method} is not allowed on ${path}`), undefined, {
        allow: match.allowed.join(', '),
      });
    }
    if (!caller) return answer(401, { errors: [{ detail: 'Unauthorized' }] }, undefined);

    const rate = limiter.take(caller.email, accountKey, match.operation);
    if (!rate.allowed) {
      return answer(
        429,
        errorBody(429, `Too many requests: ${match.operation} allows ${rate.limit} calls per ${rate.windowMs} ms`),
        rate,
      );
    }
    // Required on every experimental page of the reference (an enum of one value); the stable
    // endpoints ignore it. Checked once the call is charged, like any other bad request.
    if (isExperimental(match.operation) && entry.apiVersion !== EXPERIMENTAL) {
      const sent = entry.apiVersion === null ? 'without the header' : `with ${API_VERSION}: ${entry.apiVersion}`;
      const detail =
        `${match.operation} is an experimental endpoint: it requires the header ` +
        `"${API_VERSION}: ${EXPERIMENTAL}" (sent ${sent})`;
      return answer(400, errorBody(400, detail), rate);
    }
    // The audit log's own required header (enum ["4.0"]): without it, a 400 like any bad request.
    if (apiVersionOf(match.operation) === AUDIT_API_VERSION && entry.apiVersion !== AUDIT_API_VERSION) {
      const sent = entry.apiVersion === null ? 'without the header' : `with ${API_VERSION}: ${entry.apiVersion}`;
      const detail = `${match.operation} requires the header "${API_VERSION}: ${AUDIT_API_VERSION}" (sent ${sent})`;
      return answer(400, errorBody(400, detail), rate);
    }
    const ctx: Ctx = { state, caller, params: match.params, query: url.searchParams, path, rawPath, body: entry.body };
    if (bodyError) ctx.bodyError = bodyError;
    let result: Result;
    try {
      result = HANDLERS[match.operation](ctx);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      result = { status: err.status, body: errorBody(err.status, err.detail, err.pointer, err.title) };
    }
    if (result.status >= 200 && result.status < 300 && accountKey !== '') {
      for (const change of changesOfWrite(match.operation, ctx, result))
        state.audit.record(accountKey, caller.id, state.clock(), change, API_IP_ADDRESS);
    }
    return answer(result.status, result.body, rate);
  }

  function headerOf(req: IncomingMessage, name: string): string | null {
    const value = req.headers[name];
    return typeof value === 'string' ? value : null;
  }

  function callerOf(req: IncomingMessage): UserRecord | undefined {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) return undefined;
    const seeded = state.tokenUser(m[1]!);
    if (seeded) return seeded;
    // An IMS-issued token acts as its user until it ends (emulator time): then 401 like any other.
    const email = ims.tokenUser(m[1]!);
    return email === undefined || email === 'expired' ? undefined : state.users.get(email);
  }

  function rateHeaders(rate: RateState | undefined, operation: Operation | null): Record<string, string> {
    // Answers not charged to a bucket (401, 404, ...) still carry the headers, as the spec requires.
    const limit = rate?.limit ?? (operation ? limits[operation] : 100);
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(rate?.remaining ?? limit),
      'x-ratelimit-window': String(rate?.windowMs ?? Math.round(limiter.windowMs)),
    };
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the port is in use' : (err.code ?? err.message);
      reject(new RolesyncError('CONFIG', `the emulator cannot listen on ${host}:${options.port ?? 0}: ${why}`));
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    state: stateHandle,
    log,
    clearLog: () => {
      log.length = 0;
    },
    faults,
    tokens: [...state.tokens].map(([token, email]) => ({ token, email })),
    ims: { clients: ims.clientList, tokenLifetime: imsLifetime },
    stateSource: typeof options.state === 'string' ? options.state : 'in-memory state',
    timeScale,
    windowMs: Math.round(limiter.windowMs),
    resetRateLimits: () => limiter.reset(),
    onRequest: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
