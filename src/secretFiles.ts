import fs from 'node:fs';
import { FlowlightError } from './errors.js';

// Secrets from files (Docker and Kubernetes secrets, systemd credentials): X_FILE=/path sets X to the
// file's content, so the secret never sits in the environment or in a unit file.

/** Each file variable and the variable it fills. GITHUB_APP_PRIVATE_KEY_PATH is the key file's usual name. */
const SECRET_FILES = [
  ['GITHUB_TOKEN_FILE', 'GITHUB_TOKEN'],
  ['GITHUB_APP_PRIVATE_KEY_FILE', 'GITHUB_APP_PRIVATE_KEY'],
  ['GITHUB_APP_PRIVATE_KEY_PATH', 'GITHUB_APP_PRIVATE_KEY'],
  ['SLACK_BOT_TOKEN_FILE', 'SLACK_BOT_TOKEN'],
  ['SLACK_APP_TOKEN_FILE', 'SLACK_APP_TOKEN'],
  ['SLACK_SIGNING_SECRET_FILE', 'SLACK_SIGNING_SECRET'],
  ['GITHUB_WEBHOOK_SECRET_FILE', 'GITHUB_WEBHOOK_SECRET'],
] as const;

export type ReadSecretFile = (path: string) => string;

/**
 * `env` with every X_FILE read into X (surrounding white space trimmed: files usually end with a newline).
 * Fails naming the variable and the path when a file cannot be read or is empty, or when X is set twice.
 */
export function withSecretsFromFiles(env: NodeJS.ProcessEnv, readFile: ReadSecretFile = (p) => fs.readFileSync(p, 'utf8')): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  const filledBy = new Map<string, string>();
  for (const [fileVariable, variable] of SECRET_FILES) {
    const file = env[fileVariable]?.trim();
    if (!file) continue;
    if (env[variable]?.trim()) {
      problems.push(`${fileVariable}: ${variable} is set too. Set one of them, not both.`);
      continue;
    }
    const earlier = filledBy.get(variable);
    if (earlier) {
      problems.push(`${fileVariable}: ${earlier} is set too. Set one of them, not both.`);
      continue;
    }
    filledBy.set(variable, fileVariable);
    let content: string;
    try {
      content = readFile(file);
    } catch (error) {
      problems.push(`${fileVariable}: cannot read ${file} (${readFailure(error)}). Point it at the file that holds ${variable}, readable by the user flowlight runs as.`);
      continue;
    }
    const value = content.trim();
    if (value === '') {
      problems.push(`${fileVariable}: ${file} is empty. Put ${variable} in it, or unset ${fileVariable}.`);
      continue;
    }
    result[variable] = value;
  }
  if (problems.length > 0) {
    throw new FlowlightError('config_invalid', `Invalid configuration:\n  ${problems.join('\n  ')}\nFix the variable in your environment or .env file (see .env.example).`);
  }
  return result;
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return code ?? (error as Error).message;
  }
}
