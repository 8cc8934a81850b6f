// Attribution must never name the wrong person: events that change no access (a login) are not a
// change's explanation, and with --now in the past a later change is not hidden behind an earlier one.
import { afterEach, describe, expect, it } from 'vitest';
import { ATTRIBUTION_MAX_CALLS, attributeDrift, type DriftEntry } from '../../src/drift/index.js';
import { FrameioClient } from '../../src/client/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ACME, emulator, TOKEN } from './cli.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GRACE = '90ffb4c6-f77c-4966-b2da-de97b9c5d8ed';

async function control(e: Emulator, name: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.url}/_emulator/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: ACME, ...body }),
  });
  expect(res.status, await res.text()).toBe(200);
}

function accountEntry(e: Emulator, email: string): DriftEntry {
  return {
    kind: 'role_differs',
    account_id: ACME,
    email,
    user_id: e.state.user(email)!.id!,
    live: 'admin',
    desired: 'member',
    action: 'set_account_role',
    to: 'member',
    message: '',
  } as DriftEntry;
}

const report = (drift: DriftEntry[]) => ({ in_sync: false, drift, plan: {} as never });

describe('drift attribution names no one wrongly', () => {
  it('a login by the user after the hand edit does not make the user the editor of their own role', async () => {
    emu = (await emulator()).emu;
    const edited = Date.now() - 2 * DAY;
    await control(emu, 'hand_edits', {
      as_user: 'grace@acme.test',
      at: new Date(edited).toISOString(),
      change: { type: 'account_role', user: 'bob@acme.test', role: 'admin' },
    });
    await control(emu, 'audit_events', {
      as_user: 'bob@acme.test',
      at: new Date(edited + HOUR).toISOString(),
      event_type: 'user_login',
    });
    const client = new FrameioClient({ token: TOKEN, baseUrl: emu.url });
    const got = await attributeDrift(report([accountEntry(emu, 'bob@acme.test')]), client, { now: Date.now() });
    expect(got.report.drift[0]!.attribution).toEqual({
      user_id: GRACE,
      email: 'grace@acme.test',
      event: 'account_permissions_granted_to_user',
      at: new Date(edited).toISOString(),
    });
  });

  it('--now in the past: a change made after it is not hidden behind an earlier one', async () => {
    emu = (await emulator()).emu;
    const now = Date.now() - 10 * DAY;
    await control(emu, 'hand_edits', {
      as_user: 'grace@acme.test',
      at: new Date(now - DAY).toISOString(),
      change: { type: 'account_role', user: 'bob@acme.test', role: 'member' },
    });
    // The edit that made the live state what it is: after the run's time.
    await control(emu, 'hand_edits', {
      as_user: 'owner@acme.test',
      at: new Date(now + 5 * DAY).toISOString(),
      change: { type: 'account_role', user: 'bob@acme.test', role: 'admin' },
    });
    const client = new FrameioClient({ token: TOKEN, baseUrl: emu.url });
    const got = await attributeDrift(report([accountEntry(emu, 'bob@acme.test')]), client, { now });
    const entry = got.report.drift[0]!;
    expect(entry.attribution).toBeNull();
    expect(entry.attribution_reason).toBe(
      `it was changed again after this run's time (${new Date(now).toISOString()}): the latest audit-log event ` +
        'about it in the account is later, so no earlier one is named',
    );
  });

  it('two edits of one instant by different users: neither is named (the listing has no documented order)', async () => {
    emu = (await emulator()).emu;
    const at = new Date(Date.now() - DAY).toISOString();
    for (const [who, role] of [
      ['grace@acme.test', 'admin'],
      ['owner@acme.test', 'member'],
      ['owner@acme.test', 'admin'],
    ]) {
      await control(emu, 'hand_edits', {
        as_user: who,
        at,
        change: { type: 'account_role', user: 'bob@acme.test', role },
      });
    }
    const client = new FrameioClient({ token: TOKEN, baseUrl: emu.url });
    const got = await attributeDrift(report([accountEntry(emu, 'bob@acme.test')]), client, { now: Date.now() });
    expect(got.report.drift[0]!.attribution).toBeNull();
    expect(got.report.drift[0]!.attribution_reason).toBe(
      `the latest audit-log events about it in the account, at ${at}, were made by different users ` +
        '(grace@acme.test, owner@acme.test) and the log has no documented order',
    );
  });

  it('many scopes and 429s: at most 30 audit-log calls, each re-sent at most as the retry policy says', async () => {
    emu = (await emulator()).emu;
    const bob = emu.state.user('bob@acme.test')!.id!;
    // 40 workspace scopes (ids the account does not have: each query is valid and finds nothing).
    const drift = Array.from({ length: 40 }, (_, i): DriftEntry => {
      const ws = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      return {
        kind: 'role_differs',
        account_id: ACME,
        workspace_id: ws,
        workspace_name: `W${i}`,
        email: 'bob@acme.test',
        user_id: bob,
        live: 'editor',
        desired: 'viewer',
        action: 'set_workspace_role',
        to: 'viewer',
        message: '',
      };
    });
    emu.faults.rateLimitNext(4, { path: /audit_logs$/, retryAfterSeconds: 0 });
    const client = new FrameioClient({ token: TOKEN, baseUrl: emu.url, retry: { baseMs: 1, maxRetries: 2 } });
    emu.clearLog();
    const got = await attributeDrift(report(drift), client, { now: Date.now() });
    expect(got.calls).toBe(ATTRIBUTION_MAX_CALLS);
    const sent = emu.log.filter((x) => x.operation === 'auditlog.index' || /audit_logs$/.test(x.path));
    expect(sent.filter((x) => x.status === 429)).toHaveLength(4);
    expect(sent.filter((x) => x.status === 200)).toHaveLength(ATTRIBUTION_MAX_CALLS);
    const reasons = got.report.drift.map((d) => d.attribution_reason ?? '');
    expect(reasons.slice(0, 30).every((r) => r.startsWith('no audit-log event about it in workspace W'))).toBe(true);
    expect(new Set(reasons.slice(30))).toEqual(
      new Set(["not looked up: this run's 30 audit-log calls were spent on earlier scopes"]),
    );
  });
});
