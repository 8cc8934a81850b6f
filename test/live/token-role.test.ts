import { describe, expect, it } from 'vitest';
import { RolesyncError } from '../../src/errors.js';
import type { LiveAccountUser } from '../../src/live/types.js';
import type { AccountRole } from '../../src/api/index.js';
import { checkTokenRole, tokenRoleShortfall } from '../../src/usecase/token-role.js';

const self = { id: 'u-me', email: 'Me@X.test', name: null };
const row = (id: string | null, email: string, role: AccountRole | null): LiveAccountUser => ({
  user: { id, email, name: null, active: true },
  role,
});
const acme = { id: 'acc-1', displayName: 'Acme' };

describe('the token-role check', () => {
  it.each([
    ['admin', undefined],
    ['owner', undefined],
    ['member', 'member'],
    ['reviewer', 'reviewer'],
    [null, undefined],
  ] as const)('a token user listed as %s: shortfall %s', (role, short) => {
    expect(tokenRoleShortfall(self, acme, [row('u-me', 'me@x.test', role)])?.role).toBe(short);
  });

  it('finds the token user by id, else by email in any case; one not listed is left to the API', () => {
    expect(tokenRoleShortfall(self, acme, [row(null, 'ME@x.test', 'member')])).toEqual({
      account: 'Acme (acc-1)',
      email: 'Me@X.test',
      role: 'member',
    });
    expect(
      tokenRoleShortfall(self, { id: 'acc-1', displayName: null }, [row('u-me', 'old@x.test', 'member')])?.account,
    ).toBe('acc-1');
    expect(tokenRoleShortfall(self, acme, [row('u-other', 'other@x.test', 'member')])).toBeUndefined();
  });

  it('stops a writing command naming every account, and only warns a reading one', () => {
    const accounts = [
      { ...acme, users: [row('u-me', 'me@x.test', 'member')] },
      { id: 'acc-2', displayName: null, users: [row('u-me', 'me@x.test', 'admin')] },
      { id: 'acc-3', displayName: 'Studio', users: [row('u-me', 'me@x.test', 'reviewer')] },
    ];
    const error = (() => {
      try {
        checkTokenRole(self, accounts, 'write');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RolesyncError);
    expect((error as Error).message).toBe(
      [
        'the token acts as Me@X.test, a member of account Acme (acc-1): changing roles needs an account admin ' +
          '(or the owner).',
        'the token acts as Me@X.test, a reviewer of account Studio (acc-3): changing roles needs an account ' +
          'admin (or the owner).',
        "Use an admin's token.",
      ].join('\n'),
    );
    const warnings: string[] = [];
    checkTokenRole(self, accounts, 'read', (m) => warnings.push(m));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^the token acts as Me@X\.test, a member of account Acme \(acc-1\): it can read roles but not change them/,
    );
  });
});
