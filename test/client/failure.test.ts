// Reasons for a missing answer, read from error shapes as ofetch and undici build them, and what
// each kind means for a retry.
import { describe, expect, it } from 'vitest';
import { hostPort, isConnectionRefused, noAnswer } from '../../src/client/failure.js';
import { DEFAULT_RETRY, retriesWithoutAnswer } from '../../src/client/retry.js';

const refused = (address: string) =>
  Object.assign(new Error(`connect ECONNREFUSED ${address}:8080`), { code: 'ECONNREFUSED', address, port: 8080 });
const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** ofetch's FetchError around undici's TypeError('fetch failed') around the socket error. */
const wrapped = (inner: unknown) =>
  new Error('[GET] "http://x": <no response> fetch failed', { cause: new TypeError('fetch failed', { cause: inner }) });
const API = new URL('https://api.frame.io/v4/me');

describe('noAnswer', () => {
  it('names host and port of a refused connection found deep in the cause chain', () => {
    const error = wrapped(refused('127.0.0.1'));
    expect(isConnectionRefused(error)).toBe(true);
    expect(noAnswer(error, 1000, new URL('http://127.0.0.1:8080/v4/me'))).toEqual({
      kind: 'refused',
      reason: 'connection refused by 127.0.0.1:8080',
    });
  });

  it('treats an AggregateError whose every address refused as refused, but not a mixed one', () => {
    const all = wrapped(new AggregateError([refused('::1'), refused('127.0.0.1')]));
    expect(isConnectionRefused(all)).toBe(true);
    expect(noAnswer(all, 1000, new URL('http://localhost:8080')).reason).toBe('connection refused by localhost:8080');
    const mixed = wrapped(new AggregateError([refused('::1'), coded('ETIMEDOUT')]));
    expect(isConnectionRefused(mixed)).toBe(false);
  });

  it('spells out the default port and keeps transient reasons as they were', () => {
    expect(hostPort(new URL('https://api.frame.io/v4'))).toBe('api.frame.io:443');
    expect(hostPort(new URL('http://[::1]/'))).toBe('[::1]:80');
    expect(noAnswer(wrapped(coded('ECONNRESET', 'read ECONNRESET')), 1000, API)).toEqual({
      kind: 'network',
      reason: 'connection reset (ECONNRESET)',
    });
    expect(noAnswer(wrapped(new DOMException('t', 'TimeoutError')), 250, API)).toEqual({
      kind: 'network',
      reason: 'no answer within 250 ms',
    });
    expect(noAnswer(new Error('odd'), 1000, API)).toEqual({ kind: 'network', reason: 'connection failed' });
  });

  it("names a port that fetch refuses to use, as undici reports it ('bad port')", () => {
    const failure = noAnswer(wrapped(new Error('bad port')), 1000, new URL('http://127.0.0.1:1/v4/me'));
    expect(failure).toMatchObject({ kind: 'blocked_port', reason: 'port 1 is one that fetch never connects to' });
    expect(failure.hint).toBe('Use another port in FRAMEIO_API_URL (http://127.0.0.1:1).');
  });

  it.each([
    ['ENOTFOUND', 'was not found'],
    ['EAI_AGAIN', 'could not be looked up'],
  ])('names the host DNS could not resolve (%s)', (code, what) => {
    const failure = noAnswer(
      wrapped(coded(code, `getaddrinfo ${code} api.frame.iox`)),
      1000,
      new URL('https://api.frame.iox/v4/me'),
    );
    expect(failure).toMatchObject({ kind: 'dns', reason: `the host api.frame.iox ${what} (DNS: ${code})` });
    expect(failure.hint).toContain('FRAMEIO_API_URL (https://api.frame.iox)');
  });

  it('tells a plain-HTTP server on loopback from other TLS failures', () => {
    // Node 20 gives the code; older versions EPROTO with OpenSSL's text.
    const wrongVersion = coded(
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
    );
    const local = noAnswer(wrapped(wrongVersion), 1000, new URL('https://127.0.0.1:4010/v4/me'));
    expect(local).toMatchObject({
      kind: 'tls',
      reason: 'the server at https://127.0.0.1:4010 does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER)',
    });
    expect(local.hint).toContain('use http://127.0.0.1:4010');
    const remote = noAnswer(
      wrapped(coded('EPROTO', 'x:wrong version number:y')),
      1000,
      new URL('https://api.frame.io:8080/'),
    );
    expect(remote).toMatchObject({
      kind: 'tls',
      reason: 'the server at https://api.frame.io:8080 does not speak TLS (EPROTO)',
    });
    expect(remote.hint).toBe(
      'Check the port in FRAMEIO_API_URL (https://api.frame.io:8080): the server there does not answer https://.',
    );
    expect(noAnswer(wrapped(coded('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')), 1000, API)).toMatchObject({
      kind: 'tls',
      reason: 'the TLS handshake with https://api.frame.io failed (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)',
    });
  });

  it.each([
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ])('names an untrusted certificate (%s)', (code) => {
    const failure = noAnswer(wrapped(coded(code)), 1000, API);
    expect(failure).toMatchObject({
      kind: 'certificate',
      reason: `the TLS certificate of api.frame.io is not trusted (${code})`,
    });
    expect(failure.hint).toContain('NODE_EXTRA_CA_CERTS');
  });

  it("reads a server that closes during the TLS handshake from Node's fixed text, not from any ECONNRESET", () => {
    const closed = coded(
      'ECONNRESET',
      'Client network socket disconnected before secure TLS connection was established',
    );
    expect(noAnswer(wrapped(closed), 1000, new URL('https://localhost:9000/'))).toMatchObject({
      kind: 'tls_closed',
      reason: 'localhost:9000 closed the connection during the TLS handshake (ECONNRESET)',
    });
  });
});

describe('retriesWithoutAnswer', () => {
  it('never re-sends what waiting cannot heal, once after a refusal, and up to maxRetries otherwise', () => {
    const policy = { ...DEFAULT_RETRY, maxRetries: 4, maxRefusedRetries: 1 };
    expect(['dns', 'tls', 'certificate', 'blocked_port'].map((k) => retriesWithoutAnswer(k as 'dns', policy))).toEqual([
      0, 0, 0, 0,
    ]);
    expect(retriesWithoutAnswer('refused', policy)).toBe(1);
    expect(retriesWithoutAnswer('tls_closed', policy)).toBe(1);
    expect(retriesWithoutAnswer('network', policy)).toBe(4);
    expect(retriesWithoutAnswer('refused', { ...policy, maxRetries: 0 })).toBe(0);
  });
});
