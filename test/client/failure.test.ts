// Reasons for a missing answer, read from error shapes as ofetch and undici build them.
import { describe, expect, it } from 'vitest';
import { hostPort, isBadPort, isConnectionRefused, networkReason } from '../../src/client/failure.js';

const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}:8080`), { code: 'ECONNREFUSED', address, port: 8080 });
/** ofetch's FetchError around undici's TypeError('fetch failed') around the socket error. */
const wrapped = (inner: unknown) => new Error('[GET] "http://x": <no response> fetch failed', { cause: new TypeError('fetch failed', { cause: inner }) });

describe('networkReason', () => {
  it('names host and port of a refused connection found deep in the cause chain', () => {
    const error = wrapped(refused('127.0.0.1'));
    expect(isConnectionRefused(error)).toBe(true);
    expect(networkReason(error, 1000, new URL('http://127.0.0.1:8080/v4/me'))).toBe('connection refused by 127.0.0.1:8080');
  });

  it('treats an AggregateError whose every address refused as refused, but not a mixed one', () => {
    const all = wrapped(new AggregateError([refused('::1'), refused('127.0.0.1')]));
    expect(isConnectionRefused(all)).toBe(true);
    expect(networkReason(all, 1000, new URL('http://localhost:8080'))).toBe('connection refused by localhost:8080');
    const mixed = wrapped(new AggregateError([refused('::1'), Object.assign(new Error('x'), { code: 'ETIMEDOUT' })]));
    expect(isConnectionRefused(mixed)).toBe(false);
  });

  it('spells out the default port and keeps other reasons as they were', () => {
    expect(hostPort(new URL('https://api.frame.io/v4'))).toBe('api.frame.io:443');
    expect(hostPort(new URL('http://[::1]/'))).toBe('[::1]:80');
    expect(networkReason(wrapped(Object.assign(new Error('x'), { code: 'ECONNRESET' })), 1000)).toBe('connection reset (ECONNRESET)');
    expect(networkReason(wrapped(new DOMException('t', 'TimeoutError')), 250)).toBe('no answer within 250 ms');
    expect(networkReason(new Error('odd'), 1000)).toBe('connection failed');
    expect(isConnectionRefused(wrapped(new Error('odd')))).toBe(false);
  });

  it("names a port that fetch refuses to use, as undici reports it ('bad port')", () => {
    const error = wrapped(new Error('bad port'));
    expect(isBadPort(error)).toBe(true);
    expect(networkReason(error, 1000, new URL('http://127.0.0.1:1/v4/me'))).toBe('port 1 is one that fetch never connects to');
    expect(isBadPort(wrapped(new Error('other')))).toBe(false);
  });
});
