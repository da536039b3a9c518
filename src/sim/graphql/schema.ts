import fs from 'node:fs/promises';
import { buildClientSchema, type GraphQLSchema } from 'graphql';

// GitHub's own published schema, so a query GitHub would reject fails against the simulator too.
// Built from the introspection JSON (the IDL file repeats some fields and does not build), once
// per process: parsing the 5 MB JSON takes a few hundred milliseconds. The file is read beside the
// package's entry (its exports reach nothing else) rather than through it: importing the entry
// parses the JSON again and builds a second schema for the package's own `validate`.

let cached: Promise<GraphQLSchema> | undefined;

export function githubSchema(): Promise<GraphQLSchema> {
  cached ??= fs
    .readFile(new URL('./schema.json', import.meta.resolve('@octokit/graphql-schema')), 'utf8')
    .then((text) => buildClientSchema(JSON.parse(text) as never));
  return cached;
}
