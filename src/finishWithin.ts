// Waits for work, but no longer than a deadline: shutting down must not hang on a GitHub read or a
// Slack call that never answers. The work itself keeps running; the caller decides what to do next.

export type Finished = { outcome: 'finished' } | { outcome: 'failed'; error: unknown } | { outcome: 'timed out'; afterMs: number };

export async function finishWithin(ms: number, work: () => Promise<void>): Promise<Finished> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Finished>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: 'timed out', afterMs: ms }), ms);
  });
  const done = work().then(
    (): Finished => ({ outcome: 'finished' }),
    (error: unknown): Finished => ({ outcome: 'failed', error }),
  );
  try {
    return await Promise.race([done, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
