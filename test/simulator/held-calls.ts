/** A call a `pause` fault holds open (`GET /__sim/apps/:appId/held`). */
export interface HeldCall {
  /** 1, 2, … per app, in the order the calls were held. */
  id: number;
  endpoint: string;
  /** Query and JSON body fields of the call, without `access_token` and `secret`. */
  params: Record<string, unknown>;
  /** Sim-clock time the call was held. */
  heldAt: number;
}

/** Why a wait for held calls ended without them. */
export class HeldWaitError extends Error {
  override readonly name = 'HeldWaitError' as const;
  constructor(
    readonly reason: 'timeout' | 'closed',
    readonly wanted: number,
    readonly held: number,
  ) {
    super(`${reason === 'timeout' ? 'timed out' : 'simulator closed'} with ${held} of ${wanted} calls held`);
  }
}

/*
 * Held calls are described by their parameters so a test can see where a client stood
 * (the offset it asked for) without a request log. Token calls carry the app secret in
 * their query or body and data calls the access token: neither may leave the simulator.
 */
const HIDDEN_PARAMS = new Set(['access_token', 'secret']);

export function describeParams(query: URLSearchParams, rawBody: string): Record<string, unknown> {
  let body: unknown = null;
  try {
    body = rawBody.trim() === '' ? null : JSON.parse(rawBody);
  } catch {
    body = null;
  }
  const fields: Record<string, unknown> = { ...Object.fromEntries(query) };
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) Object.assign(fields, body);
  for (const name of HIDDEN_PARAMS) delete fields[name];
  return fields;
}

interface Holding {
  call: HeldCall;
  release(): void;
}

interface Waiter {
  count: number;
  wake(): void;
}

/**
 * The calls of one app that a `pause` fault holds open, until a release (or the
 * simulator closing). A held call then goes on to its normal answer, even if its
 * client went away meanwhile (a killed worker): the answer is simply not read.
 */
export class HeldCalls {
  readonly #holding: Holding[] = [];
  readonly #waiters = new Set<Waiter>();
  #nextId = 1;

  /** Holds a call until released; resolves (never rejects) on release or on `signal`. */
  hold(
    endpoint: string,
    params: Record<string, unknown>,
    heldAt: number,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const holding: Holding = {
        call: { id: this.#nextId++, endpoint, params, heldAt },
        release: () => {
          signal.removeEventListener('abort', holding.release);
          const at = this.#holding.indexOf(holding);
          if (at !== -1) this.#holding.splice(at, 1);
          resolve();
        },
      };
      signal.addEventListener('abort', holding.release, { once: true });
      this.#holding.push(holding);
      this.#wakeWaiters();
    });
  }

  /** The calls held now, oldest first. */
  list(): HeldCall[] {
    return this.#holding.map((h) => structuredClone(h.call));
  }

  /** Lets every held call go on; answers how many there were. */
  releaseAll(): number {
    const released = [...this.#holding];
    for (const h of released) h.release();
    return released.length;
  }

  /**
   * Resolves with the held calls once at least `count` are held at the same time;
   * rejects with HeldWaitError after `timeoutMs` or when `signal` aborts.
   */
  whenHeld(count: number, timeoutMs: number, signal: AbortSignal): Promise<HeldCall[]> {
    if (this.#holding.length >= count) return Promise.resolve(this.list());
    return new Promise<HeldCall[]>((resolve, reject) => {
      const finish = (error: HeldWaitError | null) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        if (error === null) resolve(this.list());
        else reject(error);
      };
      const onAbort = () => finish(new HeldWaitError('closed', count, this.#holding.length));
      const waiter: Waiter = { count, wake: () => finish(null) };
      const timer = setTimeout(
        () => finish(new HeldWaitError('timeout', count, this.#holding.length)),
        timeoutMs,
      );
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  #wakeWaiters(): void {
    for (const waiter of [...this.#waiters]) if (this.#holding.length >= waiter.count) waiter.wake();
  }
}
