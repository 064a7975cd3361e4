export { type Egress, egressOf, proxyOrigin } from './egress.js';
export { proxyAgents } from './proxy-agents.js';
export { proxyFailure } from './proxy-failure.js';
