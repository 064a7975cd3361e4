import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../../src/cli/index.js';
import { TokenAuthorityClient, TokenAuthorityError } from '../../src/token/client/index.js';
import { type AuthorityWorld, startAuthorityWorld } from '../helpers/authority-world.js';
import { runEntry } from '../helpers/entry-process.js';

const A = { accountId: 'ws12_client_a', appId: 'wx12000000000007a1', secret: 'ws12-client-secret-a-0123' };
const B = { accountId: 'ws12_client_b', appId: 'wx12000000000007b2', secret: 'ws12-client-secret-b-0123' };
const CRED = 'client-test-credential-0123';

let world: AuthorityWorld;

beforeAll(async () => {
  world = await startAuthorityWorld({
    name: 'ws12-client',
    accounts: [A, B],
    clients: [{ clientId: 'scripts', credential: CRED, apps: [A.appId] }],
  });
});

afterAll(async () => {
  await world.close();
});

async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'wechat-sync', ...args], {
    loadConfig: () => {
      throw new Error('the token command must not need the config');
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
}

describe('wechat-sync token', () => {
  test('prints the token alone (exit 0), --json the answer; a refused app exits 1 with the reason', async () => {
    const env = { WECHAT_SYNC_URL: world.api.url, WECHAT_SYNC_CREDENTIAL: CRED };
    const plain = await cli(['token', '--app', A.appId], env);
    expect(plain.code).toBe(0);
    const token = plain.stdout.trim();
    expect(token).toMatch(/^86_[A-Za-z0-9_-]{100,}$/);
    const json = await cli(['token', '--app', A.appId, '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ access_token: token, expires_at: expect.any(String) });

    const refused = await cli(['token', '--app', B.appId], env);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: token authority answered 403 FORBIDDEN: appId: client scripts may not read the token of ${B.appId}\n`,
    });
    const noCredential = await cli(['token', '--app', A.appId], { WECHAT_SYNC_URL: world.api.url });
    expect(noCredential.code).toBe(2);
    expect(noCredential.stderr).toContain('WECHAT_SYNC_CREDENTIAL is not set');
  });

  test('as its own process, the way another system runs it', async () => {
    const result = await runEntry('producers/cli.ts', ['token', '--app', A.appId], {
      WECHAT_SYNC_URL: world.api.url,
      WECHAT_SYNC_CREDENTIAL: CRED,
    });
    expect(result.code).toBe(0);
    const direct = await new TokenAuthorityClient({ baseUrl: world.api.url, credential: CRED }).getToken(
      A.appId,
    );
    expect(result.stdout.trim()).toBe(direct.accessToken);
  }, 60_000);
});

describe('TokenAuthorityClient.withToken', () => {
  test('a WeChat token error is reported to the authority and the call retried once with the newer token', async () => {
    const client = new TokenAuthorityClient({ baseUrl: world.api.url, credential: CRED });
    const first = await client.getToken(A.appId);
    await world.sim.control.expireTokens(A.appId);
    const used: string[] = [];
    const answer = await client.withToken(
      A.appId,
      async (accessToken) => {
        used.push(accessToken);
        // The other system's own WeChat call, straight to WeChat (the simulator).
        const url = `${world.sim.url}/cgi-bin/material/get_materialcount?access_token=${accessToken}`;
        return (await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json()) as {
          errcode?: number;
          news_count?: number;
        };
      },
      (a) => a.errcode ?? null,
    );
    expect(answer).toHaveProperty('news_count');
    expect(used).toHaveLength(2);
    expect(used[0]).toBe(first.accessToken);
    expect(used[1]).not.toBe(first.accessToken);
    const err = await new TokenAuthorityClient({ baseUrl: world.api.url, credential: `${CRED}-wrong` })
      .getToken(A.appId)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenAuthorityError);
    expect((err as TokenAuthorityError).status).toBe(401);
    expect((err as TokenAuthorityError).retry).toBe('never');
  });
});
