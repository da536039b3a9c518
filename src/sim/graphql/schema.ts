import fs from 'node:fs';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

// GitHub's own published schema, so a query GitHub would reject fails against the simulator too.
// Built from the introspection JSON (the IDL file repeats some fields and does not build), once
// per process: parsing the 5 MB JSON takes a few hundred milliseconds.
//
// The JSON is read from @octokit/graphql-schema's folder rather than imported through the package:
// its entry point also builds a schema of its own for its `validate` export at import time, which
// doubled the cost of every process that starts a simulator (about 0.4 s of CPU).

let cached: Promise<GraphQLSchema> | undefined;

export function githubSchema(): Promise<GraphQLSchema> {
  cached ??= fs.promises
    .readFile(new URL('./schema.json', import.meta.resolve('@octokit/graphql-schema')), 'utf8')
    .then((text) => buildClientSchema(JSON.parse(text) as IntrospectionQuery));
  return cached;
}
