import type { CredentialField } from '../wechat/errors/index.js';

/*
 * Remedy texts. The console path is WeChat's own naming (wechat-api.md: 开发 → 基本配置 →
 * IP白名单); changes need the admin's confirmation and take a few minutes to apply.
 */

export function whitelistRemedy(accountId: string, appId: string, ip: string | null): string[] {
  const what = ip
    ? `the IP ${ip}`
    : 'the egress IP of every worker host (WeChat did not say which IP it saw)';
  return [
    `Sign in to the WeChat Official Accounts admin console (mp.weixin.qq.com) as an administrator of account ${accountId} (AppID ${appId}).`,
    'Open 设置与开发 / 开发 → 基本配置 (Basic configuration) → IP白名单 (IP whitelist) and click 修改 (Modify).',
    `Add ${what} on its own line and save; the administrator confirms the change (QR code scan).`,
    'Wait a few minutes: WeChat takes a few minutes to apply a whitelist change.',
    `Then clear the block and sync again: npm run cli -- unblock --account ${accountId} && npm run cli -- sync --account ${accountId} --wait`,
    'If this IP is not the one you expected, the workers leave through NAT, a proxy or another uplink: whitelist every address they can leave from.',
  ];
}

export function credentialsRemedy(accountId: string, appId: string, field: CredentialField): string[] {
  if (field === 'appId') {
    return [
      `Check the appId of account ${accountId} in the accounts file: WeChat does not know ${appId}.`,
      'Copy the AppID from the admin console (开发 → 基本配置 → 开发者ID(AppID)) into the accounts file and restart.',
    ];
  }
  return [
    `WeChat rejected the AppSecret of account ${accountId} (AppID ${appId}): it is wrong, was reset, or is frozen.`,
    'In the admin console (开发 → 基本配置 → 开发者密码(AppSecret)) reset or unfreeze the secret.',
    'Put the new secret in the environment variable the accounts file names (env:VAR) and restart the workers.',
  ];
}

/** WeChat's kind of confirmation trouble (wechat-api.md, "Admin confirmation"). */
function confirmationState(errcode: number | null): 'pending' | 'needed' | 'refused-24h' | 'refused-1h' {
  if (errcode === 89506) return 'refused-24h';
  if (errcode === 89507) return 'refused-1h';
  if (errcode === 89502 || errcode === 89503) return 'needed';
  return 'pending';
}

export function ipConfirmationRemedy(accountId: string, errcode: number | null): string[] {
  const code = `errcode ${errcode ?? 'unknown'}`;
  switch (confirmationState(errcode)) {
    case 'refused-24h':
    case 'refused-1h': {
      const wait = confirmationState(errcode) === 'refused-24h' ? '24 hours' : '1 hour';
      return [
        `An administrator of account ${accountId} refused this server's IP (${code}); WeChat blocks the IP for ${wait}.`,
        'If the refusal was a mistake, tell the administrator to expect the confirmation message, then sync again after the wait.',
        'If the IP should not call WeChat for this account, remove the account from this deployment.',
      ];
    }
    case 'needed':
      return [
        `WeChat sent the administrator of account ${accountId} a message asking to confirm this server's IP (${code}).`,
        'Ask the administrator to open that message in WeChat and confirm, then sync again.',
        `To avoid confirmations, add the server's egress IP to the API IP whitelist (开发 → 基本配置 → IP白名单).`,
      ];
    case 'pending':
      return [
        `WeChat is waiting for an administrator of account ${accountId} to confirm this server's IP (${code}).`,
        'Ask the administrator to accept the pending confirmation in the WeChat message they were sent, then sync again.',
      ];
  }
}

export function permissionRemedy(
  accountId: string,
  endpoint: string | null,
  errcode: number | null = null,
): string[] {
  const call = endpoint ?? 'this API';
  if (errcode === 48004) {
    return [
      `WeChat has banned ${call} for account ${accountId} for irregularities (errcode 48004).`,
      'Read the notice in the admin console (mp.weixin.qq.com, 通知中心) and follow the link in the errmsg; an appeal goes through the console.',
      'Remove the affected kind from the account\'s "sync" list until the ban is lifted.',
    ];
  }
  if (errcode === 50002) {
    return [
      `Account ${accountId} is limited by WeChat (errcode 50002): frozen, cancelled or restricted.`,
      "Check the account's status in the admin console; remove its schedule until it is restored.",
    ];
  }
  if (errcode === 50001) {
    return [
      `Account ${accountId} is not authorised for ${call} (errcode 50001, user unauthorized).`,
      "Check the account's API permissions (设置与开发 → 接口权限) and, on a third-party platform, the permissions the account granted it.",
    ];
  }
  return [
    `Account ${accountId} may not call ${call}: check its verification status and API permissions (设置与开发 → 接口权限) in the admin console.`,
  ];
}

export function invalidRequestRemedy(
  accountId: string,
  endpoint: string | null,
  errcode: number | null,
  rid: string | null,
): string[] {
  return [
    `WeChat refused wechat-sync's own ${endpoint ?? 'request'} call for account ${accountId} as malformed (errcode ${errcode ?? 'unknown'}): retrying sends the same request, so it was not retried.`,
    `Report it to the maintainers of wechat-sync with the errcode, the errmsg and the rid (${rid ?? 'none'}).`,
  ];
}

export function unsupportedApiRemedy(accountId: string, endpoint: string | null): string[] {
  return [
    `WeChat no longer serves ${endpoint ?? 'this API'} (errcode 45106): the kind that calls it cannot be synced.`,
    `Remove that kind from the "sync" list of account ${accountId} in the accounts file.`,
  ];
}

export function unknownErrorRemedy(
  accountId: string,
  endpoint: string | null,
  errcode: number | null,
  attempts: number,
): string[] {
  const what = errcode === null ? "an answer that is not WeChat's" : `errcode ${errcode}`;
  return [
    `WeChat answered ${endpoint ?? 'a call'} for account ${accountId} with ${what}, which wechat-sync does not know; it gave up after ${attempts} attempt(s).`,
    "Read the errmsg above; look the errcode up in WeChat's global return codes (全局返回码说明).",
    'If it names a configuration fault, fix it and sync again; otherwise report it to the maintainers of wechat-sync with the errmsg and rid.',
  ];
}
