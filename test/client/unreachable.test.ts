// Failures that waiting will not heal end after ONE attempt, naming method, path and cause: a host
// DNS does not know, TLS spoken to a plain-HTTP port (the emulator), a port fetch never uses. Each
// through a real socket; attempts are counted from the client's own stats and retry events.
import { writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameioClient, NoAnswerError, type ClientEvent } from '../../src/client/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ApiError } from '../../src/errors.js';
import { runCli } from '../cli/run.js';
import { tempDir } from '../support/tmp.js';

const TOKEN = 'sEcReT-t0ken-77c1e0d2';
// RFC 6761: .invalid never resolves, and resolvers answer it without the network.
const NOWHERE = 'https://api.frameio.invalid';

let emulator: Emulator | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await emulator?.close();
  await closeServer?.();
  emulator = undefined;
  closeServer = undefined;
});

async function emulatorOverHttps(): Promise<{ emu: Emulator; url: string }> {
  emulator = await startEmulator({ state: 'examples/emulator-seed.yaml', port: 0, timeScale: 600 });
  return { emu: emulator, url: emulator.url.replace(/^http:/, 'https:') };
}

/**
 * A manifest without account.name: plan then reads only GET /v4/me before the account, so the
 * failing call is always that one (with a name, GET /v4/accounts runs beside it and may fail first).
 */
function manifest(): string {
  const file = join(tempDir(), 'access.yaml');
  writeFileSync(file, 'version: 1\naccount:\n  id: 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n  users: {}\n');
  return file;
}

/** The client's failure on GET /v4/me, with every retry event it reported on the way. */
async function meFails(
  baseUrl: string,
): Promise<{ error: NoAnswerError; retries: ClientEvent[]; client: FrameioClient }> {
  const events: ClientEvent[] = [];
  // A short backoff: before the fix these cases were retried, and the test should say so quickly.
  const client = new FrameioClient({
    token: TOKEN,
    baseUrl,
    retry: { baseMs: 5 },
    timeoutMs: 10_000,
    onEvent: (e) => events.push(e),
  });
  const error = await client.me().then(
    () => expect.unreachable('GET /v4/me should fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toBeInstanceOf(NoAnswerError);
  return { error: error as NoAnswerError, retries: events.filter((e) => e.type === 'retry'), client };
}

function expectNoToken(error: unknown): void {
  for (const text of [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    (error as Error).stack ?? '',
  ]) {
    expect(text).not.toContain(TOKEN);
  }
}

describe('errors that will not heal', () => {
  it('a host DNS does not know: one attempt, the host named', async () => {
    const { error, retries, client } = await meFails(NOWHERE);
    expect(error).toMatchObject({ method: 'GET', path: '/v4/me', status: 0, kind: 'dns' });
    // ENOTFOUND with a resolver, EAI_AGAIN on a machine that has none.
    expect(error.message).toMatch(
      /^GET \/v4\/me failed: no answer: the host api\.frameio\.invalid (was not found|could not be looked up) \(DNS: (ENOTFOUND|EAI_AGAIN)\)$/,
    );
    expect(error.hint).toBe(`Check the host name in FRAMEIO_API_URL (${NOWHERE}) and this machine's network and DNS.`);
    expect(retries).toEqual([]);
    expect(client.stats.calls).toEqual({ 'users.show': 1 });
    expectNoToken(error);
  });

  it('https:// to the emulator, which speaks plain HTTP: one attempt, and the hint says http://', async () => {
    const { emu, url } = await emulatorOverHttps();
    const { error, retries, client } = await meFails(url);
    const origin = new URL(url);
    expect(error).toMatchObject({ method: 'GET', path: '/v4/me', status: 0, kind: 'tls' });
    expect(error.message).toBe(
      `GET /v4/me failed: no answer: the server at ${origin.origin} does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER)`,
    );
    expect(error.hint).toBe(
      `FRAMEIO_API_URL (${origin.origin}) looks like a plain-HTTP server such as 'rolesync emulator': use ` +
        `http://${origin.host} for it.`,
    );
    expect(retries).toEqual([]);
    expect(client.stats.calls).toEqual({ 'users.show': 1 });
    // The TLS hello never became a request the emulator could log.
    expect(emu.log).toEqual([]);
    expectNoToken(error);
  });

  it('a port fetch never connects to: one attempt', async () => {
    const { error, retries } = await meFails('http://127.0.0.1:1');
    expect(error.kind).toBe('blocked_port');
    expect(error.message).toBe('GET /v4/me failed: no answer: port 1 is one that fetch never connects to');
    expect(retries).toEqual([]);
  });
});

describe('a TLS handshake the server closes', () => {
  it('is tried once more (a server restarting), then named', async () => {
    const sockets: Socket[] = [];
    let connections = 0;
    // Accepts, reads the TLS hello, and hangs up: what a non-TLS service that drops odd input does.
    const server = createServer((socket) => {
      connections += 1;
      sockets.push(socket);
      socket.once('data', () => socket.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closeServer = () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    const { port } = server.address() as AddressInfo;
    const { error, retries } = await meFails(`https://127.0.0.1:${port}`);
    expect(error.kind).toBe('tls_closed');
    expect(error.message).toBe(
      `GET /v4/me failed: no answer: 127.0.0.1:${port} closed the connection during the TLS handshake ` +
        '(ECONNRESET), after 2 attempts',
    );
    expect(retries).toHaveLength(1);
    expect(connections).toBe(2);
  });
});

describe('the CLI', () => {
  it('plan against https:// on the emulator: the cause and the fix, never the token', async () => {
    const { emu, url } = await emulatorOverHttps();
    const result = await runCli(['plan', manifest()], { FRAMEIO_API_URL: url, FRAMEIO_TOKEN: TOKEN });
    const origin = new URL(url);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `rolesync: GET /v4/me failed: no answer: the server at ${origin.origin} does not speak TLS ` +
        `(ERR_SSL_WRONG_VERSION_NUMBER)\n` +
        `FRAMEIO_API_URL (${origin.origin}) looks like a plain-HTTP server such as 'rolesync emulator': use ` +
        `http://${origin.host} for it.\n`,
    );
    expect(emu.log).toEqual([]);
  });

  it('plan against a host DNS does not know', async () => {
    const result = await runCli(['plan', manifest()], { FRAMEIO_API_URL: NOWHERE, FRAMEIO_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^rolesync: GET \/v4\/me failed: no answer: the host api\.frameio\.invalid (was not found|could not be looked up) \(DNS: \w+\)\n/,
    );
    expect(result.stderr).toContain(`Check the host name in FRAMEIO_API_URL (${NOWHERE})`);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it.each(['/v4', '/v4/', '/frameio'])(
    'refuses FRAMEIO_API_URL with the path %s before any call, naming the origin to use',
    async (path) => {
      emulator = await startEmulator({ state: 'examples/emulator-seed.yaml', port: 0 });
      const result = await runCli(['plan', manifest()], {
        FRAMEIO_API_URL: `${emulator.url}${path}`,
        FRAMEIO_TOKEN: TOKEN,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `rolesync: FRAMEIO_API_URL must be the API's origin alone, without the path ${path}; set ` +
          `FRAMEIO_API_URL=${emulator.url} (rolesync adds /v4/... itself)\n`,
      );
      expect(emulator.log).toEqual([]);
    },
  );
});
