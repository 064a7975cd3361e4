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

export function ipConfirmationRemedy(accountId: string, errcode: number | null): string[] {
  return [
    `WeChat needs an administrator of account ${accountId} to confirm this server's IP (errcode ${errcode ?? 'unknown'}).`,
    'Ask the administrator to accept the pending confirmation in the WeChat message they were sent; if it was refused, it can be requested again after the wait WeChat states (1 h or 24 h).',
  ];
}

export function permissionRemedy(accountId: string, endpoint: string | null): string[] {
  return [
    `Account ${accountId} may not call ${endpoint ?? 'this API'}: check its verification status and API permissions (设置与开发 → 接口权限) in the admin console.`,
  ];
}
