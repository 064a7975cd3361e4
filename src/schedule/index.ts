export {
  diffSchedules,
  type ExistingSchedule,
  type ScheduleDiff,
  type ScheduleUpdate,
  scheduleChanges,
} from './diff-schedules.js';
export {
  DEFAULT_CRON_TZ,
  type DesiredSchedule,
  planSchedules,
  type ScheduledAccount,
  type ScheduleRepeat,
  type ScheduleTemplate,
  stableOffset,
} from './plan-schedules.js';
export { DAILY_LIST_QUOTA, type QuotaWarning, runsPerDay, scheduleQuotaWarnings } from './quota-check.js';
export { type ReconcileFailure, type ReconcileReport, reconcileSchedules } from './reconcile-schedules.js';
export { reloadSchedules } from './reload-schedules.js';
export { SchedulerClosedError, type SchedulerHandle, startScheduler } from './start-scheduler.js';
