/** One case of the reliability suite: runs, cleans up after itself, returns its summary line or throws. */
export interface ReliabilityCase {
  name: string;
  /** A safety net for a hung case, far above its normal duration. */
  timeoutMs: number;
  run(): Promise<string>;
}
