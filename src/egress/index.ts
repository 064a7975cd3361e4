export { describeEgress, type Egress, proxyOrigin } from './egress.js';
export { proxyAgents } from './proxy-agents.js';
export { proxyFailure } from './proxy-failure.js';
export { findSplitEgress, type ReportedIp, type SplitEgress } from './split-egress.js';
