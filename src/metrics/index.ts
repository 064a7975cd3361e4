export { instrumentTokenSource, wechatCallObserver } from './instrument.js';
export { type Metrics, NO_METRICS } from './metrics.js';
export { type RunningMetricsServer, startMetricsServer } from './metrics-server.js';
export { outcomeCodeOf } from './outcome-code.js';
export { METRIC_PREFIX, PromMetrics, type PromMetricsOptions } from './prom-metrics.js';
export { QUEUE_STATES, type QueueGaugeDeps, registerQueueGauges } from './queue-gauges.js';
export { type QuotaGaugeDeps, registerQuotaGauges } from './quota-gauges.js';
export { scheduleIntervalMs } from './schedule-interval.js';
