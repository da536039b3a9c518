// plugin-throttling sends every GraphQL call through its "write" lane (one at a time, a second
// apart), because a GraphQL call might be a mutation. flowlight only ever reads, and polling 1000
// repositories a second apart would take 17 minutes; concurrency is bounded by readRepositories
// instead. This lane has the shape of the Bottleneck group the plugin expects and runs jobs at once.

interface Lane {
  key(id: string): { schedule<T>(options: unknown, job: (...args: unknown[]) => T | Promise<T>, ...args: unknown[]): Promise<T> };
}

export function unthrottledLane(): never {
  const lane: Lane = {
    key: () => ({
      schedule: async (_options, job, ...args) => job(...args),
    }),
  };
  return lane as never;
}
