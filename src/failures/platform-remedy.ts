import { DEFAULT_LANG, type Lang } from '../i18n/index.js';
import type { PlatformRef } from './diagnostic.js';

/*
 * Remedies of accounts that get their tokens through a third-party platform, in every
 * operator language (as remedy.ts). The open platform's menu names are WeChat's own,
 * shown in Chinese in both languages so an operator finds them on screen.
 */

type Localized<P> = Record<Lang, (p: P) => string[]>;

const label = (p: PlatformRef) => (p.name ? `${p.name} (${p.platformId})` : p.platformId);
const labelZh = (p: PlatformRef) => (p.name ? `${p.name}（${p.platformId}）` : p.platformId);

interface WhitelistParams {
  accountId: string;
  appId: string;
  ip: string | null;
  platform: PlatformRef;
}

const PLATFORM_WHITELIST: Localized<WhitelistParams> = {
  en: ({ accountId, appId, ip, platform }) => [
    `Account ${accountId} (AppID ${appId}) calls WeChat through the third-party platform ${label(platform)}: WeChat checks the PLATFORM's IP whitelist (component AppID ${platform.componentAppId}), one list for all its accounts, not the account's own.`,
    `Sign in to the WeChat Open Platform (open.weixin.qq.com) as the platform's administrator and open Management Center → Third-party Platform → ${platform.name ?? platform.platformId} → Development info → Whitelisted IPs (管理中心 → 第三方平台 → 开发资料 → 白名单IP).`,
    `Add ${ip ? `the IP ${ip}` : 'the egress IP of every worker host (WeChat did not say which IP it saw)'} and save.`,
    'Wait a few minutes for WeChat to apply the change; every account of the platform is fixed at once.',
    `Then clear the block and sync again: npm run cli -- unblock --account ${accountId} && npm run cli -- sync --account ${accountId} --wait`,
    'If this IP is not the one you expected, the workers leave through NAT, a proxy or another uplink: whitelist every address they can leave from.',
  ],
  'zh-CN': ({ accountId, appId, ip, platform }) => [
    `账号 ${accountId}（AppID ${appId}）通过第三方平台 ${labelZh(platform)} 调用微信：微信检查的是该平台（第三方平台 AppID ${platform.componentAppId}）的 IP 白名单，平台下所有账号共用一份，而不是账号自己的白名单。`,
    `以平台管理员身份登录微信开放平台（open.weixin.qq.com），进入「管理中心 → 第三方平台 → ${platform.name ?? platform.platformId} → 开发资料 → 白名单IP」。`,
    `${ip ? `添加 IP ${ip}` : '添加每台 worker 主机的出口 IP（微信未说明看到的 IP）'}并保存。`,
    '等待几分钟让微信生效；平台下所有账号会同时恢复。',
    `然后解除拦截并重新同步：npm run cli -- unblock --account ${accountId} && npm run cli -- sync --account ${accountId} --wait`,
    '如果这个 IP 不是你预期的地址，说明 worker 经过 NAT、代理或其他出口访问微信：把所有可能的出口 IP 都加入白名单。',
  ],
};

interface AuthorizationParams {
  accountId: string;
  appId: string;
  platform: PlatformRef;
  /** ISO time, when known. */
  revokedAt: string | null;
}

const link = (platformId: string, accountId: string) =>
  `npm run cli -- platform link ${platformId} --account ${accountId}`;

const REVOKED: Localized<AuthorizationParams> = {
  en: ({ accountId, appId, platform, revokedAt }) => [
    `An administrator of account ${accountId} (authorizer AppID ${appId}) withdrew its authorisation of the third-party platform ${label(platform)}${revokedAt ? ` at ${revokedAt}` : ''}. Its jobs fail at once, without calling WeChat, until it authorises again.`,
    `If that was intended, remove the account from the accounts file. Otherwise ask for a new authorisation link: ${link(platform.platformId, accountId)}`,
    'Send the link to an administrator of the account; they open it, scan with WeChat and approve (keep the permission sets this service needs ticked).',
    `WeChat then notifies the platform and syncing resumes on schedule; to sync at once: npm run cli -- sync --account ${accountId} --wait`,
  ],
  'zh-CN': ({ accountId, appId, platform, revokedAt }) => [
    `账号 ${accountId}（授权方 AppID ${appId}）的管理员${revokedAt ? `于 ${revokedAt} ` : ''}取消了对第三方平台 ${labelZh(platform)}的授权。重新授权前，它的任务不调用微信，直接失败。`,
    `如果是有意取消，请把该账号从账号文件中移除；否则生成新的授权链接：${link(platform.platformId, accountId)}`,
    '把链接发给该公众号的管理员，打开后用微信扫码并确认授权（本服务需要的权限集须保持勾选）。',
    `微信随后通知平台，同步按计划恢复；如需立即同步：npm run cli -- sync --account ${accountId} --wait`,
  ],
};

const NOT_AUTHORIZED: Localized<AuthorizationParams> = {
  en: ({ accountId, appId, platform }) => [
    `Account ${accountId} (AppID ${appId}) gets its tokens through the third-party platform ${label(platform)}, but no authorisation of it is stored.`,
    `If it authorised the platform before (and the store was lost, e.g. a Redis flush), rebuild the authorisations from WeChat: npm run cli -- platform recover ${platform.platformId}`,
    `Otherwise ask for an authorisation link (${link(platform.platformId, accountId)}) and send it to an administrator of the account to scan and approve.`,
    `Then sync again: npm run cli -- sync --account ${accountId} --wait`,
  ],
  'zh-CN': ({ accountId, appId, platform }) => [
    `账号 ${accountId}（AppID ${appId}）通过第三方平台 ${labelZh(platform)} 获取令牌，但没有保存它的授权。`,
    `如果它曾经授权过（存储丢失，例如 Redis 被清空），从微信重建授权：npm run cli -- platform recover ${platform.platformId}`,
    `否则生成授权链接（${link(platform.platformId, accountId)}），发给该公众号的管理员扫码确认授权。`,
    `然后重新同步：npm run cli -- sync --account ${accountId} --wait`,
  ],
};

export function platformWhitelistRemedy(
  accountId: string,
  appId: string,
  ip: string | null,
  platform: PlatformRef,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return PLATFORM_WHITELIST[lang]({ accountId, appId, ip, platform });
}

export function authorizationRevokedRemedy(
  accountId: string,
  appId: string,
  platform: PlatformRef,
  revokedAt: string | null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return REVOKED[lang]({ accountId, appId, platform, revokedAt });
}

export function notAuthorizedRemedy(
  accountId: string,
  appId: string,
  platform: PlatformRef,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return NOT_AUTHORIZED[lang]({ accountId, appId, platform, revokedAt: null });
}
