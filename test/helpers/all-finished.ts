import type { QueueEvents } from 'bullmq';

/** What allFinished needs: the queue's events and a way to read a job's state. */
export interface FinishWatch {
  events: QueueEvents;
  queue: { getJobState(jobId: string): Promise<string> };
}

/**
 * Resolves once every one of `ids` is completed or finally failed, from queue events (a
 * retried attempt is not final); jobs already finished count at once. Rejects after
 * `timeoutMs` naming the jobs still open.
 */
export async function allFinished(
  world: FinishWatch,
  ids: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const open = new Set(ids);
  let wake: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    wake = () => open.size === 0 && resolve();
  });
  const onFinal = ({ jobId }: { jobId: string }) => {
    open.delete(jobId);
    wake();
  };
  world.events.on('completed', onFinal);
  world.events.on('failed', onFinal);
  let timer: NodeJS.Timeout | undefined;
  try {
    for (const id of ids) {
      const state = await world.queue.getJobState(id);
      if (state === 'completed' || state === 'failed') open.delete(id);
    }
    wake();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const first = [...open].slice(0, 5).join(', ');
        reject(new Error(`${open.size} job(s) not finished after ${timeoutMs} ms: ${first}`));
      }, timeoutMs);
    });
    await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
    world.events.off('completed', onFinal);
    world.events.off('failed', onFinal);
  }
}
