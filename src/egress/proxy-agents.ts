import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

export interface ProxyAgentOptions {
  /** The forward proxy, credentials included (`http://user:pw@proxy:3128`). */
  proxyUrl: string;
  maxSockets: number;
  /** Socket idle timeout, also bounding the CONNECT to the proxy (hpagent passes it on). */
  timeoutMs: number;
}

/**
 * got's recommended proxy agents (got's docs, "Proxying"): hpagent tunnels every request
 * through the proxy with CONNECT, for http and https targets alike, over keep-alive
 * sockets. got picks agent.http or agent.https by the target's scheme, so both are set.
 */
export function proxyAgents(opts: ProxyAgentOptions): { http: HttpAgent; https: HttpsAgent } {
  const common = {
    keepAlive: true,
    maxSockets: opts.maxSockets,
    timeout: opts.timeoutMs,
    proxy: opts.proxyUrl,
  };
  return { http: new HttpProxyAgent(common), https: new HttpsProxyAgent(common) };
}
