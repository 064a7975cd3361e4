import type { FaultInput } from './config.js';
import type { Rng } from './prng.js';

interface ActiveFault {
  readonly input: FaultInput;
  remaining: number | null;
  /** Matching calls still to let through (`afterCalls`). */
  passing: number;
}

/** Faults switched on for one app, checked in the order they were added. */
export class FaultList {
  readonly #faults: ActiveFault[] = [];

  add(input: FaultInput): void {
    this.#faults.push({ input, remaining: input.times ?? null, passing: input.afterCalls ?? 0 });
  }

  clear(): void {
    this.#faults.length = 0;
  }

  get size(): number {
    return this.#faults.length;
  }

  /**
   * The fault that hits this call, if any: the first one whose endpoint matches, whose
   * `afterCalls` are used up and whose `rate` roll succeeds. A hit uses up one of its
   * `times`; a miss does not. A call let through by `afterCalls` counts as one of them
   * and goes on to the next fault.
   */
  take(endpoint: string, rng: Rng): FaultInput | null {
    for (let i = 0; i < this.#faults.length; i++) {
      const fault = this.#faults[i]!;
      if (fault.input.endpoint !== undefined && fault.input.endpoint !== endpoint) continue;
      if (fault.passing > 0) {
        fault.passing--;
        continue;
      }
      if (fault.input.rate !== undefined && rng() >= fault.input.rate) continue;
      if (fault.remaining !== null && --fault.remaining <= 0) this.#faults.splice(i, 1);
      return fault.input;
    }
    return null;
  }
}
