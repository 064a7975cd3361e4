/** A listing cursor that this store did not hand out (mangled, truncated, or from another listing). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError' as const;
  readonly retry = 'never' as const;
  readonly cursor: string;

  constructor(cursor: string) {
    // The cursor is ours and opaque, never a secret; quoting a bounded prefix helps a caller debug.
    super(`Invalid listing cursor: ${JSON.stringify(cursor.slice(0, 80))}`);
    this.cursor = cursor;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, retry: this.retry, cursor: this.cursor };
  }
}
