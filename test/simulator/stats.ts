/** What the simulator saw of one app (`GET /__sim/apps/:appId/stats`). */
export interface AppStats {
  /** `/cgi-bin/token` + `/cgi-bin/stable_token` calls, answered in any way. */
  tokenCalls: number;
  /** Token calls that issued a NEW token. */
  tokensIssued: number;
  /** All other endpoint calls. */
  dataCalls: number;
  callsByEndpoint: Record<string, number>;
  maxConcurrentDataCalls: number;
  /**
   * Error answers by errcode (`"40164"`, `"-1"`), plus the faults that are not WeChat
   * answers: `http502`, `html`, `malformed`, `reset`.
   */
  errorsByCode: Record<string, number>;
}

export class StatsCounter {
  #stats: AppStats = emptyStats();
  #inFlight = 0;

  tokenCall(endpoint: string): void {
    this.#stats.tokenCalls++;
    this.countEndpoint(endpoint);
  }

  tokenIssued(): void {
    this.#stats.tokensIssued++;
  }

  /** Marks a data call in flight; call the returned function once it has been answered. */
  dataCallStarted(endpoint: string): () => void {
    this.#stats.dataCalls++;
    this.countEndpoint(endpoint);
    this.#inFlight++;
    this.#stats.maxConcurrentDataCalls = Math.max(this.#stats.maxConcurrentDataCalls, this.#inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight--;
    };
  }

  error(code: string): void {
    this.#stats.errorsByCode[code] = (this.#stats.errorsByCode[code] ?? 0) + 1;
  }

  snapshot(): AppStats {
    return structuredClone(this.#stats);
  }

  /** Calls in flight keep being tracked, so a reset mid-run still measures concurrency right. */
  reset(): void {
    this.#stats = emptyStats();
  }

  private countEndpoint(endpoint: string): void {
    this.#stats.callsByEndpoint[endpoint] = (this.#stats.callsByEndpoint[endpoint] ?? 0) + 1;
  }
}

function emptyStats(): AppStats {
  return {
    tokenCalls: 0,
    tokensIssued: 0,
    dataCalls: 0,
    callsByEndpoint: {},
    maxConcurrentDataCalls: 0,
    errorsByCode: {},
  };
}
