import { DEFAULT_LANG, type Lang } from '../i18n/index.js';
import type { CredentialField } from '../wechat/errors/index.js';

/*
 * Remedy texts in every operator language. Menu names of the WeChat admin console are
 * WeChat's own (设置与开发 → 基本配置 → IP白名单), shown as is in both languages so an
 * operator finds them on screen; whitelist changes need the admin's confirmation and take
 * a few minutes to apply (wechat-api.md). A new remedy is one Localized<P> table below
 * plus its exported function; localizedRemedy() maps a stored diagnostic back to it.
 */

/** One remedy: its steps per language, from the same parameters. */
type Localized<P> = Record<Lang, (p: P) => string[]>;

const WHITELIST_MENU = '设置与开发 → 基本配置 → IP白名单';

interface WhitelistParams {
  accountId: string;
  appId: string;
  ip: string | null;
}

const WHITELIST: Localized<WhitelistParams> = {
  en: ({ accountId, appId, ip }) => [
    `Sign in to the WeChat Official Accounts admin console (mp.weixin.qq.com) as an administrator of account ${accountId} (AppID ${appId}).`,
    `Open 设置与开发 / 开发 → 基本配置 (Basic configuration) → IP白名单 (IP whitelist) and click 修改 (Modify).`,
    `Add ${ip ? `the IP ${ip}` : 'the egress IP of every worker host (WeChat did not say which IP it saw)'} on its own line and save; the administrator confirms the change (QR code scan).`,
    'Wait a few minutes: WeChat takes a few minutes to apply a whitelist change.',
    `Then clear the block and sync again: npm run cli -- unblock --account ${accountId} && npm run cli -- sync --account ${accountId} --wait`,
    'If this IP is not the one you expected, the workers leave through NAT, a proxy or another uplink: whitelist every address they can leave from.',
  ],
  'zh-CN': ({ accountId, appId, ip }) => [
    `以账号 ${accountId}（AppID ${appId}）管理员身份登录微信公众平台（mp.weixin.qq.com）。`,
    `进入「${WHITELIST_MENU}」，点击「修改」。`,
    `${ip ? `将 IP ${ip}` : '将每台 worker 主机的出口 IP（微信未说明看到的 IP）'}单独写一行添加进去并保存；管理员需扫码确认修改。`,
    '等待几分钟：微信需要几分钟才能让白名单修改生效。',
    `然后解除拦截并重新同步：npm run cli -- unblock --account ${accountId} && npm run cli -- sync --account ${accountId} --wait`,
    '如果这个 IP 不是你预期的地址，说明 worker 经过 NAT、代理或其他出口访问微信：把所有可能的出口 IP 都加入白名单。',
  ],
};

interface CredentialsParams {
  accountId: string;
  appId: string;
  field: CredentialField;
}

const CREDENTIALS: Localized<CredentialsParams> = {
  en: ({ accountId, appId, field }) =>
    field === 'appId'
      ? [
          `Check the appId of account ${accountId} in the accounts file: WeChat does not know ${appId}.`,
          'Copy the AppID from the admin console (设置与开发 → 基本配置 → 开发者ID(AppID)) into the accounts file and restart.',
        ]
      : [
          `WeChat rejected the AppSecret of account ${accountId} (AppID ${appId}): it is wrong, was reset, or is frozen.`,
          'In the admin console (设置与开发 → 基本配置 → 开发者密码(AppSecret)) reset or unfreeze the secret.',
          'Put the new secret in the environment variable the accounts file names (env:VAR) and restart the workers.',
        ],
  'zh-CN': ({ accountId, appId, field }) =>
    field === 'appId'
      ? [
          `检查账号文件中账号 ${accountId} 的 appId：微信不认识 ${appId}。`,
          '从公众平台「设置与开发 → 基本配置 → 开发者ID(AppID)」复制 AppID 到账号文件，然后重启。',
        ]
      : [
          `微信拒绝了账号 ${accountId}（AppID ${appId}）的 AppSecret：它不正确、已被重置或已被冻结。`,
          '在公众平台「设置与开发 → 基本配置 → 开发者密码(AppSecret)」重置或解冻密钥。',
          '把新的密钥写入账号文件所指定的环境变量（env:VAR），然后重启 worker。',
        ],
};

interface IpConfirmationParams {
  accountId: string;
  errcode: number | null;
}

const IP_CONFIRMATION: Localized<IpConfirmationParams> = {
  en: ({ accountId, errcode }) => [
    `WeChat needs an administrator of account ${accountId} to confirm this server's IP (errcode ${errcode ?? 'unknown'}).`,
    'Ask the administrator to accept the pending confirmation in the WeChat message they were sent; if it was refused, it can be requested again after the wait WeChat states (1 h or 24 h).',
  ],
  'zh-CN': ({ accountId, errcode }) => [
    `微信需要账号 ${accountId} 的管理员确认本服务器的 IP（错误码 ${errcode ?? '未知'}）。`,
    '请管理员在收到的微信消息中确认；如果已被拒绝，需等待微信说明的时间（1 小时或 24 小时）后才能再次申请。',
  ],
};

interface PermissionParams {
  accountId: string;
  endpoint: string | null;
}

const PERMISSION: Localized<PermissionParams> = {
  en: ({ accountId, endpoint }) => [
    `Account ${accountId} may not call ${endpoint ?? 'this API'}: check its verification status and API permissions (设置与开发 → 接口权限) in the admin console.`,
  ],
  'zh-CN': ({ accountId, endpoint }) => [
    `账号 ${accountId} 无权调用 ${endpoint ?? '该接口'}：请在公众平台「设置与开发 → 接口权限」检查认证状态和接口权限。`,
  ],
};

export function whitelistRemedy(
  accountId: string,
  appId: string,
  ip: string | null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return WHITELIST[lang]({ accountId, appId, ip });
}

export function credentialsRemedy(
  accountId: string,
  appId: string,
  field: CredentialField,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return CREDENTIALS[lang]({ accountId, appId, field });
}

export function ipConfirmationRemedy(
  accountId: string,
  errcode: number | null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return IP_CONFIRMATION[lang]({ accountId, errcode });
}

export function permissionRemedy(
  accountId: string,
  endpoint: string | null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return PERMISSION[lang]({ accountId, endpoint });
}
