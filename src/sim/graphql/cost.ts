import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

// GitHub's documented rate-limit formula for a GraphQL call: add up the requests needed to fulfil
// each connection (a nested connection is requested once per node of its parent, assuming every
// `first`/`last` is filled), divide by 100, round, at least 1. The node count multiplies down.

export interface QueryCost {
  cost: number;
  /** the "requests" the formula sums before dividing by 100 */
  requests: number;
  nodeCount: number;
}

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): QueryCost {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => !operationName || o.name?.value === operationName) ?? operations[0];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const root = operation?.operation === 'query' ? schema.getQueryType() : null;
  if (!operation || !root) return { cost: 1, requests: 0, nodeCount: 0 };

  const defaults = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]) ?? []);
  const intArgument = (value: ValueNode | undefined): number | null => {
    if (!value) return null;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      if (typeof given === 'number') return given;
      return intArgument(defaults.get(value.name.value) ?? undefined);
    }
    return null;
  };

  let requests = 0;
  let nodeCount = 0;
  const visit = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType, multiplier: number): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && type) visit(fragment.selectionSet, type, multiplier);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (type) visit(selection.selectionSet, type, multiplier);
        continue;
      }
      if (!selection.selectionSet || !(isObjectType(parentType) || isInterfaceType(parentType))) continue;
      const field = parentType.getFields()[selection.name.value];
      if (!field) continue;
      const type = getNamedType(field.type);
      const isConnection = isObjectType(type) && 'pageInfo' in type.getFields() && field.args.some((a) => a.name === 'first' || a.name === 'last');
      if (isConnection) {
        const argument = (name: string) => selection.arguments?.find((a) => a.name.value === name)?.value;
        const size = intArgument(argument('first')) ?? intArgument(argument('last')) ?? 0;
        requests += multiplier;
        nodeCount += multiplier * size;
        visit(selection.selectionSet, type, multiplier * size);
      } else {
        visit(selection.selectionSet, type, multiplier);
      }
    }
  };
  visit(operation.selectionSet, root, 1);
  return { cost: Math.max(1, Math.round(requests / 100)), requests, nodeCount };
}
