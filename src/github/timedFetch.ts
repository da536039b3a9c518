// A fetch that gives up when GitHub does not answer in time. The failure is a plain Error, which
// @octokit/request turns into a 500 RequestError, so the retry plugin treats it like a 5xx.

export function timedFetch(inner: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init = {}) => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    try {
      const response = await inner(input, { ...init, signal });
      // Read the body under the same deadline: a server can stall after the headers.
      const body = await response.arrayBuffer();
      const copy = new Response(response.status === 304 || response.status === 204 ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      // fetch follows GitHub's 301 for a renamed repository; where it ended up is how a rename shows.
      Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
      return copy;
    } catch (error) {
      if (timeout.signal.aborted) throw new Error(`GitHub did not answer within ${timeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
