// whoami's pure parts: a static token's end read from its JWT claims, and the rendering.
import { describe, expect, it } from 'vitest';
import { jwtExpiry, renderWhoami } from '../../src/usecase/whoami.js';

const jwt = (claims: object) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;

describe('jwtExpiry', () => {
  it.each([
    ['IMS claims (ms, as strings)', jwt({ created_at: '1764600000000', expires_in: '86400000' }), 1764686400000],
    ['exp (s)', jwt({ exp: 1764686400 }), 1764686400000],
    ['no end in the claims', jwt({ sub: 'x' }), null],
    ['not a JWT', 'fio-demo-admin-token', null],
    ['a broken payload', 'a.%%%.c', null],
  ])('%s', (_, token, expected) => {
    expect(jwtExpiry(token)).toBe(expected);
  });
});

describe('renderWhoami', () => {
  it('says when a token ended, and an account without a role row', () => {
    const text = renderWhoami(
      {
        kind: 'token',
        credentials: 'FRAMEIO_TOKEN, used as given',
        user: { id: 'u1', email: 'a@x.test', name: null },
        accounts: [{ label: 'X (1)', role: null, mayChangeRoles: 'unknown' }],
        expiresAt: 1_000,
      },
      2_000,
    );
    expect(text).toBe(
      'Credentials: an access token, FRAMEIO_TOKEN, used as given\n' +
        'User:        a@x.test, id u1\n' +
        'Token ends:  1970-01-01T00:00:01Z (ended); not renewed: FRAMEIO_TOKEN is used as given\n' +
        'Accounts:\n' +
        '  X (1): no role, role not listed: the API will judge\n',
    );
  });
});
