import type { AppConfigInput } from '../simulator/index.js';

/** The two demo accounts: one healthy, one whose egress IP is not whitelisted (the seed's case). */
export const DEMO_ACCOUNTS = [
  {
    accountId: 'gh_demo_healthy',
    appId: 'wxd0d0d0d0d0d0d0a1',
    secretEnv: 'DEMO_SECRET_HEALTHY',
    secret: 'demo-secret-healthy-6f1c2a9e',
    sim: { whitelist: null, seed: { articles: 42 } },
  },
  {
    accountId: 'gh_e4b07b2a992e6669',
    appId: 'wxd0d0d0d0d0d0d0b2',
    secretEnv: 'DEMO_SECRET_BLOCKED',
    secret: 'demo-secret-blocked-3b8d7e41',
    // The seed's failure: WeChat sees 1.92.157.200, the whitelist holds another address.
    sim: { whitelist: ['203.0.113.7'], egressIp: '1.92.157.200', seed: { articles: 8 } },
  },
] as const satisfies ReadonlyArray<{
  accountId: string;
  appId: string;
  secretEnv: string;
  secret: string;
  sim: Omit<AppConfigInput, 'secret'>;
}>;
