import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { AccountDiagnosis, DiagnosisReport } from '../../src/diagnosis/index.js';
import { type AuthorityWorld, startAuthorityWorld } from '../helpers/authority-world.js';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy.js';

const FOUGHT = {
  accountId: 'ws12_diag_fought',
  appId: 'wx12000000000009a1',
  secret: 'ws12-diag-secret-a-0123',
};
const NAT1 = { accountId: 'ws12_diag_nat1', appId: 'wx12000000000009b2', secret: 'ws12-diag-secret-b-0123' };
const NAT2 = { accountId: 'ws12_diag_nat2', appId: 'wx12000000000009c3', secret: 'ws12-diag-secret-c-0123' };

let proxy: TestProxy;
let world: AuthorityWorld;

beforeAll(async () => {
  proxy = await startTestProxy('127.0.0.2');
  world = await startAuthorityWorld({
    name: 'ws12-diag',
    accounts: [FOUGHT, NAT1, NAT2],
    clients: [{ clientId: 'crm', credential: 'diag-credential-0123456789', apps: [FOUGHT.appId] }],
    proxyUrl: proxy.url,
  });
  // Two accounts whose calls WeChat sees from two different addresses (a NAT pool).
  await world.sim.control.patchApp(NAT1.appId, { whitelist: ['10.9.9.9'], egressIp: '1.92.157.200' });
  await world.sim.control.patchApp(NAT2.appId, { whitelist: ['10.9.9.9'], egressIp: '1.92.157.201' });
});

afterAll(async () => {
  await world.close();
  await proxy.close();
});

async function diagnosis(): Promise<DiagnosisReport> {
  const res = await fetch(`${world.api.url}/official-api/wechat/diagnosis`, {
    signal: AbortSignal.timeout(15_000),
  });
  return (await res.json()) as DiagnosisReport;
}

const account = (report: DiagnosisReport, id: string) =>
  report.accounts.find((a) => a.accountId === id) as AccountDiagnosis;

describe('diagnose: egress and token fights', () => {
  test("shows the proxy, each account's last reported IP, a split egress, and a token fight with what to do", async () => {
    const { tokens, client } = world.services;
    const app = world.config.accounts.find((a) => a.appId === FOUGHT.appId);
    if (!app?.appSecret) throw new Error('no own-secret account');
    await tokens.get(app);
    // Another system forces its own stable_token refresh: our cached token dies (40001).
    await client.fetchStableToken(app, true);
    await tokens.withToken(app, (token) => client.getMaterialCount(app.appId, token));

    const report = await diagnosis();
    expect(report.egress.mode).toBe('proxy');
    expect(report.egress.proxy).toBe(proxy.url);
    expect(report.egress.split?.ips).toEqual([
      { ip: '1.92.157.200', accounts: [NAT1.accountId] },
      { ip: '1.92.157.201', accounts: [NAT2.accountId] },
    ]);
    expect(report.egress.split?.remedy.join(' ')).toContain('WECHAT_PROXY_URL');
    expect(account(report, NAT1.accountId).egress.ip).toBe('1.92.157.200');

    const fought = account(report, FOUGHT.accountId);
    expect(fought.healthy).toBe(true);
    expect(fought.tokenFights.count).toBe(1);
    expect(fought.remedy[0]).toMatch(
      /^Another system refreshed the access token of account ws12_diag_fought/,
    );
    expect(fought.remedy[1]).toContain(`GET /official-api/wechat/apps/${FOUGHT.appId}/token`);
    // Our own retry did not force (WeChat handed out a new token on the normal call).
    expect(fought.forceRefreshesToday).toBe(0);

    const metrics = await (await fetch(`${world.api.url}/metrics`)).text();
    expect(metrics).toContain(`wechat_sync_token_fights_total{app="${FOUGHT.appId}"} 1`);
  });
});
