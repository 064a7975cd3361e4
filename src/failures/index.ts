export {
  describeFailure,
  type FailureContext,
  invalidDataDiagnostic,
  unknownAccountDiagnostic,
} from './describe-failure.js';
export type { FailureCode, FailureDiagnostic, PlatformRef } from './diagnostic.js';
export { type LocalizedDiagnostic, localizeDiagnostic } from './localize-diagnostic.js';
export { type RetriesExhaustedContext, retriesExhaustedDiagnostic } from './retries-exhausted.js';
