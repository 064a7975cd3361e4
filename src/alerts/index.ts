export { whitelistAlertPayload } from './whitelist-alert-payload.js';
export { type AlertOutcome, WhitelistWebhook, type WhitelistWebhookOptions } from './whitelist-webhook.js';
