/** How this deployment reaches WeChat, as diagnosis shows it. Never holds the proxy's credentials. */
export type Egress = { mode: 'direct'; proxy: null } | { mode: 'proxy'; proxy: string };

/** `http://user:pw@proxy:3128/` → `http://proxy:3128`: what may be shown and logged. */
export function proxyOrigin(proxyUrl: string): string {
  return new URL(proxyUrl).origin;
}

export function describeEgress(proxyUrl: string | null): Egress {
  return proxyUrl === null
    ? { mode: 'direct', proxy: null }
    : { mode: 'proxy', proxy: proxyOrigin(proxyUrl) };
}
