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

/** The open platform's console path to a third-party platform's development info. */
const PLATFORM_MENU_ZH = '微信开放平台 open.weixin.qq.com → 管理中心 → 第三方平台 → 开发资料';
const PLATFORM_MENU_EN =
  'WeChat Open Platform (open.weixin.qq.com) → Management Center → Third-party Platform → Development info';

const CREDENTIALS: Localized<CredentialsParams> = {
  en: ({ accountId, appId, field }) =>
    field === 'componentAppId' || field === 'componentAppSecret'
      ? [
          `WeChat rejected the ${field === 'componentAppId' ? 'component AppID' : 'component AppSecret'} of the third-party platform ${appId} that account ${accountId} gets its tokens through.`,
          `Compare it with ${PLATFORM_MENU_EN}; reset the AppSecret there if it was lost or leaked.`,
          'Fix the platform in the accounts file (componentAppId, or the environment variable its componentAppSecret names) and restart the workers.',
        ]
      : field === 'appId'
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
    field === 'componentAppId' || field === 'componentAppSecret'
      ? [
          `微信拒绝了账号 ${accountId} 所用第三方平台 ${appId} 的${field === 'componentAppId' ? '第三方平台 AppID' : '第三方平台 AppSecret'}。`,
          `在「${PLATFORM_MENU_ZH}」中核对；若已丢失或泄露，在该处重置 AppSecret。`,
          '修正账号文件中的平台配置（componentAppId，或 componentAppSecret 所指定的环境变量），然后重启 worker。',
        ]
      : field === 'appId'
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

/** WeChat's kind of confirmation trouble (wechat-api.md, "Admin confirmation"). */
function confirmationState(errcode: number | null): 'pending' | 'needed' | 'refused-24h' | 'refused-1h' {
  if (errcode === 89506) return 'refused-24h';
  if (errcode === 89507) return 'refused-1h';
  if (errcode === 89502 || errcode === 89503) return 'needed';
  return 'pending';
}

const IP_CONFIRMATION: Localized<IpConfirmationParams> = {
  en: ({ accountId, errcode }) => {
    const code = `errcode ${errcode ?? 'unknown'}`;
    const state = confirmationState(errcode);
    if (state === 'refused-24h' || state === 'refused-1h') {
      const wait = state === 'refused-24h' ? '24 hours' : '1 hour';
      return [
        `An administrator of account ${accountId} refused this server's IP (${code}); WeChat blocks the IP for ${wait}.`,
        'If the refusal was a mistake, tell the administrator to expect the confirmation message, then sync again after the wait.',
        'If the IP should not call WeChat for this account, remove the account from this deployment.',
      ];
    }
    if (state === 'needed') {
      return [
        `WeChat sent the administrator of account ${accountId} a message asking to confirm this server's IP (${code}).`,
        'Ask the administrator to open that message in WeChat and confirm, then sync again.',
        `To avoid confirmations, add the server's egress IP to the API IP whitelist (${WHITELIST_MENU}).`,
      ];
    }
    return [
      `WeChat is waiting for an administrator of account ${accountId} to confirm this server's IP (${code}).`,
      'Ask the administrator to accept the pending confirmation in the WeChat message they were sent, then sync again.',
    ];
  },
  'zh-CN': ({ accountId, errcode }) => {
    const code = `错误码 ${errcode ?? '未知'}`;
    const state = confirmationState(errcode);
    if (state === 'refused-24h' || state === 'refused-1h') {
      const wait = state === 'refused-24h' ? '24 小时' : '1 小时';
      return [
        `账号 ${accountId} 的管理员拒绝了本服务器的 IP（${code}）；微信在 ${wait}内不再允许该 IP 调用。`,
        '如果是误拒，请告知管理员留意确认消息，等待期满后重新同步。',
        '如果该 IP 不应为此账号调用微信，请把该账号从本部署中移除。',
      ];
    }
    if (state === 'needed') {
      return [
        `微信已向账号 ${accountId} 的管理员发送消息，请其确认本服务器的 IP（${code}）。`,
        '请管理员在微信中打开该消息并确认，然后重新同步。',
        `为避免再次确认，请把服务器的出口 IP 加入接口 IP 白名单（「${WHITELIST_MENU}」）。`,
      ];
    }
    return [
      `微信正在等待账号 ${accountId} 的管理员确认本服务器的 IP（${code}）。`,
      '请管理员在收到的微信消息中确认，然后重新同步。',
    ];
  },
};

interface PermissionParams {
  accountId: string;
  endpoint: string | null;
  errcode: number | null;
}

const PERMISSION_MENU = '设置与开发 → 接口权限';

const PERMISSION: Localized<PermissionParams> = {
  en: ({ accountId, endpoint, errcode }) => {
    const call = endpoint ?? 'this API';
    if (errcode === 48004)
      return [
        `WeChat has banned ${call} for account ${accountId} for irregularities (errcode 48004).`,
        'Read the notice in the admin console (mp.weixin.qq.com, 通知中心) and follow the link in the errmsg; an appeal goes through the console.',
        'Remove the affected kind from the account\'s "sync" list until the ban is lifted.',
      ];
    if (errcode === 50002)
      return [
        `Account ${accountId} is limited by WeChat (errcode 50002): frozen, cancelled or restricted.`,
        "Check the account's status in the admin console; remove its schedule until it is restored.",
      ];
    if (errcode === 50001)
      return [
        `Account ${accountId} is not authorised for ${call} (errcode 50001, user unauthorized).`,
        `Check the account's API permissions (${PERMISSION_MENU}) and, on a third-party platform, the permissions the account granted it.`,
      ];
    return [
      `Account ${accountId} may not call ${call}: check its verification status and API permissions (${PERMISSION_MENU}) in the admin console.`,
    ];
  },
  'zh-CN': ({ accountId, endpoint, errcode }) => {
    const call = endpoint ?? '该接口';
    if (errcode === 48004)
      return [
        `账号 ${accountId} 的 ${call} 因违规被微信封禁（错误码 48004）。`,
        '在公众平台（mp.weixin.qq.com）「通知中心」查看通知并打开 errmsg 中的链接；申诉需通过公众平台进行。',
        '封禁解除前，把受影响的同步类型从该账号的 "sync" 列表中移除。',
      ];
    if (errcode === 50002)
      return [
        `账号 ${accountId} 被微信限制（错误码 50002）：已冻结、注销或受限。`,
        '在公众平台检查账号状态；恢复前先移除它的同步计划。',
      ];
    if (errcode === 50001)
      return [
        `账号 ${accountId} 未获授权调用 ${call}（错误码 50001，user unauthorized）。`,
        `检查账号的接口权限（「${PERMISSION_MENU}」），如经第三方平台调用，还要检查账号授予平台的权限。`,
      ];
    return [`账号 ${accountId} 无权调用 ${call}：请在公众平台「${PERMISSION_MENU}」检查认证状态和接口权限。`];
  },
};

interface RequestParams {
  accountId: string;
  endpoint: string | null;
  errcode: number | null;
  rid: string | null;
}

const INVALID_REQUEST: Localized<RequestParams> = {
  en: ({ accountId, endpoint, errcode, rid }) => [
    `WeChat refused wechat-sync's own ${endpoint ?? 'request'} call for account ${accountId} as malformed (errcode ${errcode ?? 'unknown'}): retrying sends the same request, so it was not retried.`,
    `Report it to the maintainers of wechat-sync with the errcode, the errmsg and the rid (${rid ?? 'none'}).`,
  ],
  'zh-CN': ({ accountId, endpoint, errcode, rid }) => [
    `微信认为 wechat-sync 为账号 ${accountId} 发出的 ${endpoint ?? '请求'} 调用格式有误（错误码 ${errcode ?? '未知'}）：重试只会发出同样的请求，所以没有重试。`,
    `请把错误码、errmsg 和 rid（${rid ?? '无'}）报告给 wechat-sync 的维护者。`,
  ],
};

interface UnsupportedParams {
  accountId: string;
  endpoint: string | null;
}

const UNSUPPORTED: Localized<UnsupportedParams> = {
  en: ({ accountId, endpoint }) => [
    `WeChat no longer serves ${endpoint ?? 'this API'} (errcode 45106): the kind that calls it cannot be synced.`,
    `Remove that kind from the "sync" list of account ${accountId} in the accounts file.`,
  ],
  'zh-CN': ({ accountId, endpoint }) => [
    `微信已不再提供 ${endpoint ?? '该接口'}（错误码 45106）：调用它的同步类型无法再同步。`,
    `在账号文件中把该类型从账号 ${accountId} 的 "sync" 列表中移除。`,
  ],
};

interface UnknownParams {
  accountId: string;
  endpoint: string | null;
  errcode: number | null;
  attempts: number;
}

const UNKNOWN: Localized<UnknownParams> = {
  en: ({ accountId, endpoint, errcode, attempts }) => [
    `WeChat answered ${endpoint ?? 'a call'} for account ${accountId} with ${errcode === null ? "an answer that is not WeChat's" : `errcode ${errcode}`}, which wechat-sync does not know; it gave up after ${attempts} attempt(s).`,
    "Read the errmsg above; look the errcode up in WeChat's global return codes (全局返回码说明).",
    'If it names a configuration fault, fix it and sync again; otherwise report it to the maintainers of wechat-sync with the errmsg and rid.',
  ],
  'zh-CN': ({ accountId, endpoint, errcode, attempts }) => [
    `微信对账号 ${accountId} 的 ${endpoint ?? '调用'} 返回了${errcode === null ? '一个不是微信格式的应答' : `错误码 ${errcode}`}，wechat-sync 不认识它；尝试 ${attempts} 次后放弃。`,
    '阅读上面的 errmsg，并在微信「全局返回码说明」中查找该错误码。',
    '如果它指出的是配置问题，修正后重新同步；否则请把 errmsg 和 rid 报告给 wechat-sync 的维护者。',
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

interface AuthorizationParams {
  accountId: string;
  appId: string;
  errcode: number | null;
  /** The account's platform, when the caller knows it (else a placeholder in the command). */
  platformId: string | null;
}

/** 61023 / 61003: only the account's administrator can give the platform its authorisation back. */
const AUTHORIZATION: Localized<AuthorizationParams> = {
  en: ({ accountId, appId, errcode, platformId }) => [
    errcode === 61003
      ? `Account ${accountId} (AppID ${appId}) has not authorised the third-party platform, or no longer does.`
      : `The authorisation of account ${accountId} (AppID ${appId}) is no longer valid: its administrator revoked it, or authorised again (which replaces the refresh token).`,
    `Ask for a new authorisation link: npm run cli -- platform link ${platformId ?? '<platformId>'} --account ${accountId}`,
    'Send it to an administrator of the account; they scan it with WeChat and approve (the permission sets this service needs must stay ticked).',
    `Then sync again: npm run cli -- sync --account ${accountId} --wait`,
  ],
  'zh-CN': ({ accountId, appId, errcode, platformId }) => [
    errcode === 61003
      ? `账号 ${accountId}（AppID ${appId}）未授权该第三方平台，或已不再授权。`
      : `账号 ${accountId}（AppID ${appId}）的授权已失效：管理员取消了授权，或重新授权（刷新令牌随之更换）。`,
    `生成新的授权链接：npm run cli -- platform link ${platformId ?? '<platformId>'} --account ${accountId}`,
    '发给该公众号的管理员，用微信扫码并确认授权（本服务需要的权限集须保持勾选）。',
    `然后重新同步：npm run cli -- sync --account ${accountId} --wait`,
  ],
};

export function authorizationRemedy(
  accountId: string,
  appId: string,
  errcode: number | null,
  lang: Lang = DEFAULT_LANG,
  platformId: string | null = null,
): string[] {
  return AUTHORIZATION[lang]({ accountId, appId, errcode, platformId });
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
  errcode: number | null = null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return PERMISSION[lang]({ accountId, endpoint, errcode });
}

export function invalidRequestRemedy(
  accountId: string,
  endpoint: string | null,
  errcode: number | null,
  rid: string | null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return INVALID_REQUEST[lang]({ accountId, endpoint, errcode, rid });
}

export function unsupportedApiRemedy(
  accountId: string,
  endpoint: string | null,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return UNSUPPORTED[lang]({ accountId, endpoint });
}

export function unknownErrorRemedy(
  accountId: string,
  endpoint: string | null,
  errcode: number | null,
  attempts: number,
  lang: Lang = DEFAULT_LANG,
): string[] {
  return UNKNOWN[lang]({ accountId, endpoint, errcode, attempts });
}
