// Waiting on work that may hang, but no longer than a signal allows. The work itself is left to
// settle on its own (its requests see the same signal and are abandoned); its result is then ignored.

export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<{ done: true; value: T } | { done: false }> {
  if (!signal) return { done: true, value: await work };
  if (signal.aborted) {
    work.catch(() => {});
    return { done: false };
  }
  let onAbort = () => {};
  const aborted = new Promise<{ done: false }>((resolve) => {
    onAbort = () => resolve({ done: false });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    work.catch(() => {}); // settles after the race was lost: nobody is waiting for it any more
  }
}
