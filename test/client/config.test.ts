// Base URL and token checks: https by default, http only to loopback, a missing token named clearly.
import { describe, expect, it } from 'vitest';
import { clientFromEnv } from '../../src/client/index.js';
import { RolesyncError } from '../../src/errors.js';

function configError(fn: () => unknown): RolesyncError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RolesyncError);
    expect((error as RolesyncError).code).toBe('CONFIG');
    return error as RolesyncError;
  }
  throw new Error('expected a CONFIG error');
}

describe('clientFromEnv', () => {
  it('defaults to https://api.frame.io', () => {
    expect(clientFromEnv({ FRAMEIO_TOKEN: 't0k' }).baseUrl).toBe('https://api.frame.io/');
    expect(clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: '' }).baseUrl).toBe('https://api.frame.io/');
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://127.3.4.5',
    'http://localhost:3000',
    'http://[::1]:9000',
    'https://frameio.example.com',
  ])('accepts %s', (url) => {
    expect(clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: url }).baseUrl).toBe(new URL(url).href);
  });

  it.each([
    'http://api.frame.io',
    'http://10.0.0.5:8080',
    'http://128.0.0.1',
    'http://localhost.evil.com',
    'http://[::2]',
    'http://x.localhost',
    'http://app.localhost:4010',
  ])('refuses plain http to non-loopback %s', (url) => {
    const error = configError(() => clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: url }));
    expect(error.message).toContain('plain http://');
    expect(error.message).toContain('https://');
  });

  // Node resolves a name through the system, and not every resolver keeps *.localhost on the machine.
  it('refuses plain http to a *.localhost name, naming where http:// may go', () => {
    const error = configError(() =>
      clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: 'http://x.localhost:4010' }),
    );
    expect(error.message).toBe(
      'FRAMEIO_API_URL http://x.localhost:4010 uses plain http:// to a non-loopback host, which would send the ' +
        'token unencrypted; use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and [::1])',
    );
  });

  it.each(['ftp://api.frame.io', 'not a url', 'https://user:pw@api.frame.io', 'https://api.frame.io/?x=1'])(
    'refuses %s',
    (url) => {
      configError(() => clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: url }));
    },
  );

  it.each([
    ['https://api.frame.io/v4', 'without the path /v4; set FRAMEIO_API_URL=https://api.frame.io '],
    ['https://api.frame.io/v4/', 'without the path /v4/; set FRAMEIO_API_URL=https://api.frame.io '],
    ['http://127.0.0.1:4010/v4/me', 'without the path /v4/me; set FRAMEIO_API_URL=http://127.0.0.1:4010 '],
    ['https://api.frame.io/?x=1#y', 'without a query and a fragment; set FRAMEIO_API_URL=https://api.frame.io '],
  ])('refuses %s, which would send /v4/v4/..., naming the origin to use', (url, expected) => {
    const error = configError(() => clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: url }));
    expect(error.message).toContain(
      `FRAMEIO_API_URL must be the API's origin alone, ${expected}(rolesync adds /v4/... itself)`,
    );
  });

  it('never quotes a query, where someone may have put a token', () => {
    const error = configError(() =>
      clientFromEnv({ FRAMEIO_TOKEN: 't0k', FRAMEIO_API_URL: 'https://api.frame.io/?access_token=sEcReT-in-url' }),
    );
    expect(error.message).not.toContain('sEcReT');
  });

  it('says to set FRAMEIO_TOKEN when it is missing or blank', () => {
    expect(configError(() => clientFromEnv({})).message).toContain('FRAMEIO_TOKEN is not set');
    expect(configError(() => clientFromEnv({ FRAMEIO_TOKEN: '  ' })).message).toContain('set it to');
  });

  it('refuses a token with characters a header cannot carry, without quoting it', () => {
    const error = configError(() => clientFromEnv({ FRAMEIO_TOKEN: 'secret-part one\n' }));
    expect(error.message).not.toContain('secret-part');
  });
});
