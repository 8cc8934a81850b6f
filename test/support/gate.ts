// A pass-through HTTP proxy in front of the emulator, for tests that must act at an exact request
// (interrupt once the Nth write is answered, keep later calls waiting) instead of polling on a timer.
import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Passing {
  method: string;
  path: string;
}

export interface GateOptions {
  /** Runs with each answer before the caller gets it: what it does happens before the caller reads on. */
  onAnswer?: (request: Passing, status: number) => void;
  /** A request this says yes to waits, unsent, until `release()`. */
  holds?: (request: Passing) => boolean;
}

export interface Gate {
  url: string;
  /** Resolves once a request is waiting. */
  holding: Promise<void>;
  /** Sends every waiting request on, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

/** `isWrite` for the emulator's log and for gate requests alike. */
export const isWrite = (request: Passing): boolean => request.method !== 'GET';

export async function startGate(target: string, options: GateOptions = {}): Promise<Gate> {
  const upstream = new URL(target);
  let released = false;
  const waiting: Array<() => void> = [];
  let onHold!: () => void;
  const holding = new Promise<void>((resolve) => (onHold = resolve));

  const server = createServer((req, res) => {
    const passing: Passing = { method: req.method ?? 'GET', path: req.url ?? '/' };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = () => {
        const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
        const { hostname: host, port } = upstream;
        const out = forward({ host, port, method: passing.method, path: passing.path, headers }, (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            options.onAnswer?.(passing, answer.statusCode ?? 0);
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
          });
        });
        // The emulator dropped the connection (an injected fault): drop ours too.
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      };
      if (!released && options.holds?.(passing)) {
        waiting.push(send);
        onHold();
      } else {
        send();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holding,
    release: () => {
      released = true;
      for (const send of waiting.splice(0)) send();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
