/**
 * English operator texts: the reference dictionary. Its keys type the other languages
 * (messages-zh-cn.ts must have every key). `{name}` marks a parameter of t().
 */
export const en = {
  'console.title': 'wechat-sync accounts',
  'console.board': 'Bull Board',
  'console.language': 'Language',
  'console.role.operator': 'operator',
  'console.role.viewer': 'viewer (read only)',
  'console.readOnly': 'Read-only access: actions are hidden.',

  'state.healthy': 'healthy',
  'state.blocked': 'blocked by the IP whitelist',
  'state.failing': 'failing',
  'state.unauthorised': 'not authorised',
  'state.stale': 'stale',
  'state.syncing': 'syncing now',
  'state.never': 'never synced',
  'state.blockedIp': 'blocked by the IP whitelist: {ip}',

  'list.filter': 'State',
  'list.all': 'all',
  'list.search': 'account id or name',
  'list.apply': 'Filter',
  'list.count': '{shown} of {total} accounts',
  'list.page': 'page {page} of {pages}',
  'list.prev': '← previous',
  'list.next': 'next →',
  'list.empty': 'No account matches.',

  'col.account': 'Account',
  'col.state': 'State',
  'col.lastSuccess': 'Last success',
  'col.lastFailure': 'Last failure',
  'col.nextRun': 'Next run',
  'col.lock': 'Lock holder',
  'col.token': 'Token expires',
  'col.quota': 'Quota left',
  'col.records': 'Stored records',

  'value.never': 'never',
  'value.none': '—',
  'value.unknown': 'unknown',
  'value.notScheduled': 'not scheduled',
  'value.ago': '{time} ago',
  'value.in': 'in {time}',
  'value.expired': 'expired',
  'value.pass': 'pass {pass} · {pages} pages',
  'value.records': '{articles} articles · {followers} followers · {materials} materials',

  'account.back': '← all accounts',
  'account.appId': 'AppID',
  'account.diagnostic': 'Last failure',
  'account.noFailure': 'No failure recorded.',
  'account.remedy': 'How to fix it',
  'account.copyIp': 'Copy IP',
  'account.copied': 'Copied',
  'account.blockedUntil': 'Blocked until {time}',
  'account.jobs': 'Recent jobs',
  'account.noJobs': 'No job of this account is kept.',
  'account.openInBoard': 'open in Bull Board',
  'account.kinds': 'Sync state per kind',
  'account.kind': 'Kind',
  'account.checkpoint': 'Pass in progress',
  'account.lastCompleted': 'Last completed pass',
  'account.lastFull': 'Last full pass',
  'account.actions': 'Actions',
  'account.syncNow': 'Sync now',
  'account.liftBlock': 'Lift the block',
  'account.diagnose': 'Run a live diagnosis',

  'field.errcode': 'errcode',
  'field.errmsg': 'WeChat said',
  'field.ip': 'IP WeChat saw',
  'field.ipv6': 'IPv6',
  'field.rid': 'rid (request id)',
  'field.endpoint': 'endpoint',
  'field.field': 'field',
  'field.at': 'time',
  'field.jobId': 'job',
  'field.state': 'state',

  'flash.enqueued': 'Sync job {jobId} enqueued.',
  'flash.deduplicated': 'A sync of this account is already waiting: job {jobId}.',
  'flash.unblocked': 'Block lifted: the next sync calls WeChat again.',
  'flash.notBlocked': 'The account was not blocked.',
  'flash.diagnosisOk': 'Live diagnosis: a token was obtained, the account reaches WeChat.',
  'flash.diagnosisOkUnblocked': 'Live diagnosis: a token was obtained; the block was lifted.',
  'flash.diagnosisFailed': 'Live diagnosis: no token. {summary}',

  'cli.failed': 'job {jobId} failed ({code}): {summary}',
  'cli.failedPlain': 'job {jobId} failed after {attempts} attempt(s): {reason}',
  'cli.noReason': 'no reason recorded',
  'cli.howToFix': 'how to fix it:',
  'cli.blockedUntil': 'blocked until',
  'cli.unblocked': 'account {accountId}: block lifted; its next sync calls WeChat again',
  'cli.notBlocked': 'account {accountId}: was not blocked',
  'landing.title': 'Authorisation of {platform}',
  'landing.ok':
    'Done: account {appId} has authorised {platform}. Its data syncs on its schedule from now on; you may close this page.',
  'landing.okAccount': 'Account in wechat-sync: {accountId}',
  'landing.permissions': 'Permission sets granted: {ids}',
  'landing.pending': 'The authorisation is being completed. Reload this page in a minute to see the result.',
  'landing.invalidCode':
    'This authorisation code is invalid or has expired (a code works once, for 10 minutes). Ask the operator for a new link.',
  'landing.notReady':
    'The platform cannot complete authorisations right now: it has no valid verify ticket from WeChat yet. Try the link again in a few minutes, or tell the operator.',
  'landing.failed':
    'The authorisation could not be completed. Try again; if it fails again, give the operator this reference: {requestId}.',
  'landing.noCode': 'WeChat opens this page after an authorisation, with a code; this address has none.',
  'landing.unknownPlatform': 'There is no such platform here.',
  'landing.tooMany': 'Too many requests from your address; wait a minute and try again.',

  'mode.ownSecret': 'own AppSecret',
  'mode.platform': 'platform {platformId}',
  'mode.label': 'Tokens via',
  'cli.link.header':
    'Authorisation links of platform {platformId}{pinned}, valid until {until} (send one to the account administrator):',
  'cli.link.pinned': ' for account {accountId} (AppID {appId})',
  'cli.link.pinnedAppId': ' for AppID {appId}',
  'cli.link.pc': 'PC (open in a browser, scan the QR code with WeChat):',
  'cli.link.mobile': 'Mobile (open inside WeChat):',
  'cli.link.after': 'After the approval WeChat opens {redirectUri}; the account then syncs on its schedule.',

  'platform.header':
    'platform {platformId}{name}: component AppID {componentAppId}, authorisations stored in {store}',
  'platform.ticketValid': '  ticket: received {receivedAt} ({age} ago), valid until {validUntil}',
  'platform.ticketExpired':
    '  ticket: EXPIRED (received {receivedAt}, {age} ago): are WeChat pushes reaching /wechat/platform/{platformId}/events?',
  'platform.ticketNone':
    '  ticket: none received yet (WeChat pushes one every 10 minutes to /wechat/platform/{platformId}/events)',
  'platform.tokenCached': '  component token: cached, expires {expiresAt}',
  'platform.tokenNone': '  component token: not cached (fetched with the ticket when first needed)',
  'platform.authorizations': '  authorisations: {authorized} authorised, {revoked} revoked',
  'platform.accounts': '  accounts in the accounts file: {configured}',
  'platform.notAuthorized':
    '  not authorised: {accounts} (send a link, or `platform recover` after a lost store)',
  'platform.revoked': '  revoked: {accounts}',
  'platform.none': 'no third-party platforms are configured (README, Third-party platform mode)',
  'platform.unknown': 'unknown platform {platformId}; configured: {known}',
  'platform.recovered':
    'platform {platformId}: WeChat lists {listed} authorisation(s): {restored} restored, {updated} updated, {unchanged} unchanged',
  'platform.keptRevoked': '  kept revoked (revoked after the authorisation WeChat lists): {appIds}',
  'platform.infoFailed': '  permissions not refreshed (api_get_authorizer_info failed): {appIds}',
  'platform.notListed': '  configured but not listed by WeChat (they need a new authorisation): {accounts}',
  'platform.recoverFailed': 'platform {platformId}: recovery failed: {reason}',
  'platform.whitelistHint':
    "  the whitelist WeChat checks for platform calls is the platform's: WeChat Open Platform (open.weixin.qq.com) → Management Center → Third-party Platform → {platform} → Development info → Whitelisted IPs",
} as const;

export type MessageKey = keyof typeof en;
/** Every language has every key (a string each); the compiler checks the dictionaries against en. */
export type Messages = Record<MessageKey, string>;
