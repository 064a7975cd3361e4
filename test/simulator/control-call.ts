/** A control call the simulator refused (bad input 400, unknown app 404, …). */
export class SimulatorControlError extends Error {
  override readonly name = 'SimulatorControlError' as const;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`simulator control ${method} ${path} failed: ${status} ${detail}`);
  }
}

/** One `/__sim/<path>` call: its JSON answer (undefined for 204), or a SimulatorControlError. */
export async function controlCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    const detail =
      text === '' ? response.statusText : ((JSON.parse(text) as { error?: string }).error ?? text);
    throw new SimulatorControlError(method, `/__sim/${path}`, response.status, detail);
  }
  return text === '' ? undefined : JSON.parse(text);
}
