// The client's credentials against the emulator's IMS stand-in, through real HTTP: server-to-server
// tokens, renewal before the end and after a 401 (one renewal for concurrent calls), bad input.
import { afterEach, describe, expect, it } from 'vitest';
import { clientAndCredentials, clientFromEnv, type Clock } from '../../src/client/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { RolesyncError } from '../../src/errors.js';
import { ACME } from '../cli/setup.js';

const S2S = { FRAMEIO_CLIENT_ID: 'rolesync-demo-s2s', FRAMEIO_CLIENT_SECRET: 'demo-s2s-secret' };
const LIFETIME = 600; // emulated seconds

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** An emulator and a client whose clocks move only by hand (each its own, or one shared). */
async function setup(shared: boolean, env: Record<string, string> = S2S) {
  const times = { emu: 1_000_000, client: 1_000_000 };
  emu = await startEmulator({
    state: 'examples/emulator-seed.yaml',
    now: () => times.emu,
    imsTokenLifetime: LIFETIME,
  });
  const clock: Clock = { now: () => (shared ? times.emu : times.client), sleep: async () => undefined };
  const { client, credentials } = clientAndCredentials(
    { FRAMEIO_API_URL: emu.url, FRAMEIO_IMS_URL: emu.url, ...env },
    { clock },
  );
  const ims = () => emu!.log.filter((e) => e.path.startsWith('/ims/'));
  return { emu, client, credentials, times, ims };
}

describe('server-to-server credentials', () => {
  it('get a token from IMS once and act as the credential’s user; the log holds no secret or token', async () => {
    const { emu, client, credentials, ims } = await setup(false);
    expect(credentials.source.kind).toBe('client_credentials');
    expect(credentials.description).toBe(`FRAMEIO_CLIENT_ID rolesync-demo-s2s at IMS ${emu.url}`);
    expect((await client.me()).email).toBe('grace@acme.test');
    expect((await client.listAccounts()).map((a) => a.id)).toContain(ACME);
    expect(ims().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['POST /ims/token/v3 200']);
    expect(ims()[0]?.body).toBeUndefined();
    const logged = JSON.stringify(emu.log);
    expect(logged).not.toContain('demo-s2s-secret');
    expect(logged).not.toContain('ims-at-');
  });

  it('renew shortly before the token ends, so the API never refuses it (clocks agree)', async () => {
    const { emu, client, times, ims } = await setup(true);
    await client.me();
    times.emu += LIFETIME * 1000 * 0.95; // inside the last tenth
    await client.me();
    times.emu += LIFETIME * 1000 * 0.5;
    await client.me();
    expect(ims().map((e) => e.status)).toEqual([200, 200]);
    expect(emu.log.filter((e) => e.status === 401)).toEqual([]);
  });

  it('renew once on a 401 and send the call again (the API’s clock ran ahead)', async () => {
    const { emu, client, times } = await setup(false);
    await client.me();
    times.emu += LIFETIME * 1000;
    expect((await client.me()).email).toBe('grace@acme.test');
    expect(emu.log.map((e) => `${e.path} ${e.status}`)).toEqual([
      '/ims/token/v3 200',
      '/v4/me 200',
      '/v4/me 401',
      '/ims/token/v3 200',
      '/v4/me 200',
    ]);
  });

  it('concurrent calls refused with an ended token wait for one renewal', async () => {
    const { client, times, ims } = await setup(false);
    await client.me();
    times.emu += LIFETIME * 1000;
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => client.listWorkspaces(ACME)));
    expect(answers.every((a) => a.length > 0)).toBe(true);
    expect(ims().length).toBe(2);
  });

  it('a 503 or a dropped connection at IMS is tried again (twice at most)', async () => {
    const { emu, client, ims } = await setup(false);
    emu.faults.failNext(1, 503, { path: /^\/ims\// });
    emu.faults.dropNext(1, { path: /^\/ims\// });
    expect((await client.me()).email).toBe('grace@acme.test');
    expect(ims().map((e) => e.status)).toEqual([503, 0, 200]);
    emu.faults.failNext(3, 502, { path: /^\/ims\// });
    const fresh = clientFromEnv(
      { FRAMEIO_API_URL: emu.url, FRAMEIO_IMS_URL: emu.url, ...S2S },
      { clock: { now: Date.now, sleep: async () => undefined } },
    );
    await expect(fresh.me()).rejects.toThrow(
      'Adobe IMS refused a token for the client credentials (HTTP 502): server_error: Injected fault: HTTP 502',
    );
    expect(ims().map((e) => e.status)).toEqual([503, 0, 200, 502, 502, 502]);
  });

  it('a wrong secret: IMS’s own error, never the secret', async () => {
    const { client } = await setup(false, { ...S2S, FRAMEIO_CLIENT_SECRET: 'wr0ng-s3cret' });
    const error = await client.me().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RolesyncError);
    expect((error as Error).message).toBe(
      'Adobe IMS refused a token for the client credentials (HTTP 401): invalid_client: invalid client_secret parameter',
    );
    expect(JSON.stringify(emu!.log)).not.toContain('wr0ng-s3cret');
  });
});

describe('credential settings', () => {
  const config = (env: Record<string, string>) => {
    try {
      clientFromEnv({ FRAMEIO_API_URL: 'http://127.0.0.1:9', XDG_CONFIG_HOME: '/nonexistent', ...env });
    } catch (error) {
      return error as RolesyncError;
    }
    throw new Error('no error');
  };

  it('refuse an http:// IMS URL to a remote host before any call', () => {
    const error = config({ ...S2S, FRAMEIO_IMS_URL: 'http://ims.example.com' });
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('FRAMEIO_IMS_URL http://ims.example.com uses plain http:// to a non-loopback host');
  });

  it('refuse an http:// IMS URL to a *.localhost name, with the API URL’s rule and words', () => {
    const error = config({ ...S2S, FRAMEIO_IMS_URL: 'http://ims.localhost:4010' });
    expect(error.code).toBe('CONFIG');
    expect(error.message).toBe(
      'FRAMEIO_IMS_URL http://ims.localhost:4010 uses plain http:// to a non-loopback host, which would send the ' +
        'client secret and tokens unencrypted; use https:// (http:// is allowed only for localhost, 127.0.0.0/8 ' +
        'and [::1])',
    );
  });

  it('refuse a client id without a secret, naming the missing one', () => {
    expect(config({ FRAMEIO_CLIENT_ID: 'x' }).message).toContain('FRAMEIO_CLIENT_SECRET is not set');
  });

  it('take FRAMEIO_TOKEN before client credentials', () => {
    const { credentials } = clientAndCredentials({ FRAMEIO_TOKEN: 'given', ...S2S });
    expect(credentials.source.kind).toBe('token');
  });

  it('without any credentials, say the three ways', () => {
    const message = config({}).message;
    expect(message).toContain('FRAMEIO_TOKEN is not set');
    expect(message).toContain('FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET');
    expect(message).toContain("'rolesync login'");
  });
});

describe('an IMS that echoes what it was sent', () => {
  it('never lets the secret into the message', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_client', error_description: `bad ${form.get('client_secret')}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const client = clientFromEnv({
        FRAMEIO_API_URL: 'http://127.0.0.1:9',
        FRAMEIO_IMS_URL: `http://127.0.0.1:${port}`,
        FRAMEIO_CLIENT_ID: 'id',
        FRAMEIO_CLIENT_SECRET: 'echoed-s3cret',
      });
      const error = await client.me().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toBe(
        'Adobe IMS refused a token for the client credentials (HTTP 400): invalid_client: bad [redacted]',
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
