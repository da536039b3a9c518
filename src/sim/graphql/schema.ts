import { buildClientSchema, type GraphQLSchema } from 'graphql';

// GitHub's own published schema, so a query GitHub would reject fails against the simulator too.
// Built from the introspection JSON (the IDL file repeats some fields and does not build), once
// per process: parsing the 5 MB JSON takes a few hundred milliseconds.

let cached: Promise<GraphQLSchema> | undefined;

export function githubSchema(): Promise<GraphQLSchema> {
  cached ??= import('@octokit/graphql-schema').then(({ schema }) => buildClientSchema(schema.json as never));
  return cached;
}
