/**
 * "Another system of the organisation" for test/integration/token-authority.second-system.test.ts,
 * run in its own process with `node --import tsx`. It holds no AppSecret: it gets every
 * token from the authority (TokenAuthorityClient) and calls WeChat (the simulator)
 * directly with it, `SYNCS` times over `APPS`, in `LANES` concurrent lanes, spread over at
 * least `MIN_MS`. A token answer of WeChat is reported to the authority (passive refresh)
 * and the call retried once. Prints one JSON line: what it saw.
 */
import got from 'got';
import { TokenAuthorityClient, TokenAuthorityError } from '../../src/token/client/index.js';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`second-system: ${name} is not set`);
  return value;
}

const apps = env('APPS').split(',');
const syncs = Number(env('SYNCS'));
const lanes = Number(env('LANES'));
const minMs = Number(env('MIN_MS'));
const wechat = env('WECHAT_BASE');
const authority = new TokenAuthorityClient({
  baseUrl: env('AUTHORITY_URL'),
  credential: env('CREDENTIAL'),
  timeoutMs: 10_000,
});
const scoped = new TokenAuthorityClient({
  baseUrl: env('AUTHORITY_URL'),
  credential: env('SCOPED_CREDENTIAL'),
  timeoutMs: 10_000,
});

const errcodes: Record<string, number> = {};
/** Errcodes still answered after the passive refresh. */
const unresolved: Record<string, number> = {};
const callsByEndpoint: Record<string, number> = {};
const tokensSeen: Record<string, string[]> = {};
let refreshes = 0;

async function publishedPage(accessToken: string): Promise<{ errcode?: number }> {
  const path = '/cgi-bin/freepublish/batchget';
  callsByEndpoint[path] = (callsByEndpoint[path] ?? 0) + 1;
  return got
    .post(`${wechat}${path}`, {
      searchParams: { access_token: accessToken },
      json: { offset: 0, count: 5, no_content: 1 },
      timeout: { request: 10_000 },
      retry: { limit: 0 },
    })
    .json<{ errcode?: number }>();
}

async function oneSync(appId: string): Promise<void> {
  const token = await authority.getToken(appId);
  const seen = tokensSeen[appId] ?? [];
  tokensSeen[appId] = seen;
  if (seen.at(-1) !== token.accessToken) seen.push(token.accessToken);
  let answer = await publishedPage(token.accessToken);
  if (answer.errcode) {
    errcodes[answer.errcode] = (errcodes[answer.errcode] ?? 0) + 1;
    refreshes += 1;
    answer = await publishedPage((await authority.refresh(appId, token.accessToken)).accessToken);
    if (answer.errcode) unresolved[answer.errcode] = (unresolved[answer.errcode] ?? 0) + 1;
  }
}

const started = Date.now();
let next = 0;
async function lane(): Promise<void> {
  for (let i = next++; i < syncs; i = next++) {
    await oneSync(apps[i % apps.length] as string);
    // Spread the run over MIN_MS, so tokens expire and are refreshed during it.
    const due = started + (i * minMs) / syncs - Date.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
  }
}
await Promise.all(Array.from({ length: lanes }, lane));

// The scoped client may read only the first app.
let scopedStatus = 0;
await scoped.getToken(apps[1] as string).then(
  () => {
    scopedStatus = 200;
  },
  (err: unknown) => {
    scopedStatus = err instanceof TokenAuthorityError ? err.status : -1;
  },
);
const scopedOwn = await scoped.getToken(apps[0] as string).then(
  () => 200,
  (err: unknown) => (err instanceof TokenAuthorityError ? err.status : -1),
);

process.stdout.write(
  `${JSON.stringify({ syncs, ms: Date.now() - started, errcodes, unresolved, refreshes, callsByEndpoint, tokensSeen, scopedStatus, scopedOwn })}\n`,
);
