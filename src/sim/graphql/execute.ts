import { execute, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Scenario } from '../scenario.js';
import { queryCost } from './cost.js';
import { rootValue } from './views.js';

// One GraphQL call against the scenario: parse, validate against GitHub's schema, price it with
// GitHub's formula, then execute. Errors come back in GitHub's shape (a `type` beside the message).

export interface GraphqlCall {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

export interface GraphqlOutcome {
  /** what the call costs; 0 when it never ran (a parse or validation error) */
  cost: number;
  body: { data?: unknown; errors?: unknown[] };
}

export type ChargePoints = (cost: number) => { ok: true; rateLimit: Record<string, unknown> } | { ok: false; message: string };

export function parseGraphqlCall(raw: unknown): GraphqlCall | null {
  if (!raw || typeof raw !== 'object') return null;
  const { query, variables, operationName } = raw as Record<string, unknown>;
  if (typeof query !== 'string') return null;
  return {
    query,
    variables: variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {},
    operationName: typeof operationName === 'string' ? operationName : null,
  };
}

type Checked = { ok: true; document: DocumentNode } | { ok: false; errors: unknown[] };

// A client sends the same few query texts again and again: each text is parsed and validated against
// the schema once, as GitHub's answer to a text does not depend on how often it was sent. Bounded, so
// a test that sends many different texts cannot grow it without end.
const CHECKED_TEXTS_KEPT = 200;
const checkedBySchema = new WeakMap<GraphQLSchema, Map<string, Checked>>();

function parseAndValidate(schema: GraphQLSchema, query: string): Checked {
  let checked = checkedBySchema.get(schema);
  if (!checked) checkedBySchema.set(schema, (checked = new Map()));
  const known = checked.get(query);
  if (known) return known;
  let outcome: Checked;
  try {
    const document = parse(query);
    const invalid = validate(schema, document);
    outcome = invalid.length > 0 ? { ok: false, errors: invalid.map((e) => ({ message: e.message, locations: e.locations })) } : { ok: true, document };
  } catch (error) {
    outcome = { ok: false, errors: [{ message: (error as Error).message }] };
  }
  if (checked.size >= CHECKED_TEXTS_KEPT) checked.clear();
  checked.set(query, outcome);
  return outcome;
}

export async function runGraphql(schema: GraphQLSchema, scenario: Scenario, call: GraphqlCall, charge: ChargePoints): Promise<GraphqlOutcome> {
  const checked = parseAndValidate(schema, call.query);
  if (!checked.ok) return { cost: 0, body: { errors: checked.errors } };
  const { document } = checked;

  const { cost, nodeCount } = queryCost(schema, document, call.variables, call.operationName);
  const charged = charge(cost);
  if (!charged.ok) return { cost: 0, body: { errors: [{ type: 'RATE_LIMITED', message: charged.message }] } };

  const result: ExecutionResult = await execute({
    schema,
    document,
    variableValues: call.variables,
    operationName: call.operationName,
    rootValue: rootValue(scenario, () => ({ ...charged.rateLimit, cost, nodeCount })),
  });
  const body: GraphqlOutcome['body'] = { data: result.data ?? null };
  if (result.errors?.length) {
    body.errors = result.errors.map((e) => ({
      ...(typeof e.extensions?.type === 'string' ? { type: e.extensions.type } : {}),
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
  }
  return { cost, body };
}
