export { countJobsByAccount, emptyCounts } from './account-job-counts.js';
export { type AccountFacts, assembleAccount, egressOf } from './assemble-account.js';
export { type AuthorizationProbe, checkToken, type TokenProbe } from './check-token.js';
export {
  type AccountDiagnosis,
  type DeploymentEgress,
  type DiagnosisReport,
  type EgressIp,
  JOB_COUNT_STATES,
  type JobCounts,
  type TokenCheck,
} from './diagnosis-report.js';
export {
  type CleanupReport,
  cleanupLocks,
  type LockEntry,
  type LockReportDeps,
  listLocks,
} from './lock-report.js';
export { type DiagnosisDeps, runDiagnosis } from './run-diagnosis.js';
