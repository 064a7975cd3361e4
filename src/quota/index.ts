export { ApiQuotas, NO_QUOTA_ERRCODE, type QuotaRecords, type StoredQuota } from './api-quotas.js';
export { apisOf, KIND_APIS } from './kind-apis.js';
export {
  NO_QUOTA_MAX_AGE_MS,
  QUOTA_MAX_AGE_MS,
  type RefreshQuotasOptions,
  refreshQuotas,
} from './refresh-quotas.js';
