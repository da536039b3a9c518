// What `flowlight status` and `flowlight replay` say about repository names and missing credentials, in a
// module of its own: replay checks its arguments before it loads Octokit and the config schema, so a
// mistyped flag is answered at once.

export const MISSING_TOKEN = 'GitHub credentials are missing. Set GITHUB_TOKEN to a fine-grained token with "Pull requests: Read" and "Metadata: Read" ' +
  '(or GITHUB_TOKEN_FILE to a file holding it, or the GitHub App trio GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID), ' +
  'in the environment or a .env file in this folder, for example: GITHUB_TOKEN=github_pat_... flowlight status OWNER/REPO';
export const REPO_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
