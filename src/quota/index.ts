export { ApiQuotas, type StoredQuota } from './api-quotas.js';
export { apisOf, KIND_APIS } from './kind-apis.js';
export { QUOTA_MAX_AGE_MS, refreshQuotas } from './refresh-quotas.js';
