/**
 * Properties never copied from an error: got puts the request options (URL with
 * `secret=`/`access_token=`, headers, body), the request, the response and timings on its
 * errors; `input` is the URL it was called with; axios-style `config` is the same risk.
 */
const DROPPED = new Set(['options', 'request', 'response', 'timings', 'input', 'config', 'headers']);
const MAX_CAUSE_DEPTH = 3;
const MAX_AGGREGATED = 10;

type Walk = (value: unknown) => unknown;

/** got gives HTTPError a `{}` cause: not worth a line. */
function isEmpty(value: unknown): boolean {
  return (
    value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
  );
}

function hasToJson(err: Error): err is Error & { toJSON: () => unknown } {
  return typeof (err as { toJSON?: unknown }).toJSON === 'function';
}

/** Own enumerable fields that are plain values (errno, syscall, statusCode, …). Objects are skipped. */
function plainFields(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (DROPPED.has(key)) continue;
    const kind = typeof value;
    if (kind === 'string' || kind === 'number' || kind === 'boolean' || value === null) out[key] = value;
  }
  return out;
}

/**
 * An Error as loggable data: type, message, stack, code, then our WeChat errors' own
 * toJSON data (errcode, appId, ip, …) or another error's plain fields, then its cause.
 * Every value goes through `walk`, which scrubs strings.
 */
export function serializeError(err: Error, walk: Walk, depth = 0): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  const data = hasToJson(err) ? err.toJSON() : plainFields(err);
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message: err.message,
    stack: err.stack,
    ...(code === undefined ? {} : { code }),
    ...(typeof data === 'object' && data !== null ? data : {}),
  };
  for (const key of DROPPED) delete out[key];
  if (err.cause instanceof Error) {
    out.cause = depth < MAX_CAUSE_DEPTH ? serializeError(err.cause, walk, depth + 1) : `[${err.cause.name}]`;
  } else if (!isEmpty(err.cause)) {
    out.cause = err.cause;
  }
  if (err instanceof AggregateError && depth < MAX_CAUSE_DEPTH) {
    out.errors = err.errors
      .slice(0, MAX_AGGREGATED)
      .map((e) => (e instanceof Error ? serializeError(e, walk, depth + 1) : e));
  }
  return walk(out) as Record<string, unknown>;
}
