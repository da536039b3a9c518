import { GraphQLError } from 'graphql';

// GitHub's cursor connections (first/after, last/before) over an in-memory list.
// Like GitHub, a connection without `first` or `last`, or with a size outside 1..100, is refused.

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  totalCount: number;
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const encodeCursor = (index: number) => Buffer.from(`cursor:${index}`).toString('base64');

function decodeCursor(cursor: string, connectionName: string): number {
  const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor for the \`${connectionName}\` connection.`);
  return Number(match[1]);
}

/**
 * The page `args` ask for. `view` turns an item into the node GitHub returns; it runs for the page's
 * items only, so a 49-item page of a 3,000-item list builds 49 views, not 3,000.
 */
export function connection<T, N = T>(
  items: readonly T[],
  args: ConnectionArgs,
  connectionName: string,
  view: (item: T) => N = (item) => item as unknown as N,
): Connection<N> {
  const { first, last, after, before } = args;
  if (first == null && last == null) {
    throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${connectionName}\` connection.`);
  }
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value != null && (value < 1 || value > 100)) {
      throw new GraphQLError(`Requesting ${value} records on the \`${connectionName}\` connection exceeds the \`${name}\` limit of 100 records.`);
    }
  }
  let start = after != null ? decodeCursor(after, connectionName) + 1 : 0;
  let end = before != null ? decodeCursor(before, connectionName) : items.length;
  start = Math.max(0, Math.min(start, items.length));
  end = Math.max(start, Math.min(end, items.length));
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const edges = items.slice(start, end).map((item, i) => ({ cursor: encodeCursor(start + i), node: view(item) }));
  return {
    totalCount: items.length,
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
