// Shared test helpers: the demo seed, well-known ids, and a tiny fetch wrapper for the emulator.
import { fileURLToPath } from 'node:url';
import { loadStateFile, type Emulator, type EmulatorStateInput } from '../../src/emulator/index.js';
import { at, text } from '../support/json.js';

export const SEED_PATH = fileURLToPath(new URL('../../examples/emulator-seed.yaml', import.meta.url));
export const ADMIN_TOKEN = 'fio-demo-admin-token';
export const MEMBER_TOKEN = 'fio-demo-member-token';
export const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
export const ADOBE = 'adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg';
export const WS = {
  marketing: '8897b795-ace2-4f12-b4b4-4a899aefa2d5',
  editorial: 'b39d2d7d-71e8-4bac-af70-423a40be9822',
  sound: '24f25a52-da2b-4d31-a43a-7ad0f2b97677',
  clientReviews: 'a22cfd5b-c5c5-46b1-acd2-94f385f721f1',
  studio: 'a9ade5bb-0f31-4bef-b7a4-2ce922cbbd98',
};
export const USER = {
  owner: 'f3f56ea2-4a63-4ba9-bfd3-015356b19ef4',
  alice: 'afb91efe-db4d-424a-aeee-00adcd6059e8',
  bob: 'd7b69506-b1ed-4f3a-808d-0e5f9c36ecd7',
  carol: '5b11d8be-ab6a-4b71-a73d-8a8817eb0ebf',
  frank: 'a3febcd5-f0f4-4848-b7c8-59dda3a9c3c3',
  oldTimer: '7426bd22-69a5-478f-9745-4bf88ce27205',
  reviewer: '3eec571f-9ba0-447d-ba66-0c1627a40078',
};

let cached: EmulatorStateInput | undefined;
/** The demo seed, parsed once per test file (the emulator copies it, so sharing is safe). */
export function seed(): EmulatorStateInput {
  cached ??= loadStateFile(SEED_PATH);
  return cached;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed body: read it through test/support/json.ts. */
  json: unknown;
  text: string;
}

export async function call(
  emu: Emulator,
  path: string,
  init: { token?: string | null; method?: string; body?: unknown; rawBody?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? ADMIN_TOKEN : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** links.next of a list answer: the path of the next page, null on the last one. */
export function nextLink(answer: Answer): string | null {
  return at(answer.json, 'links', 'next') === null ? null : text(answer.json, 'links', 'next');
}

export function acct(id: string): string {
  return `/v4/accounts/${encodeURIComponent(id)}`;
}
