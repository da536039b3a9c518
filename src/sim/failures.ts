// Failure injection: a rule matches requests by kind ('rest', 'graphql', 'pulls', 'repo', 'app'),
// by repository ('acme/api'), or both ('pulls:acme/api'), and replaces or delays the answer.

export interface FailureRule {
  route: 'rest' | 'graphql' | 'pulls' | 'repo' | 'app' | string;
  /** answer with this status (the body defaults to a GitHub-style `{ message }`) */
  status?: number;
  /** extra or overriding response headers, e.g. x-ratelimit-remaining: '0' */
  headers?: Record<string, string>;
  /** raw response body, e.g. malformed JSON */
  body?: string;
  /** wait this long before answering (or before applying the rest of the rule) */
  delayMs?: number;
  /** drop the connection without an answer */
  resetConnection?: boolean;
  /** answer 200 with GraphQL `errors` beside partial `data` */
  graphqlErrors?: boolean;
  /** how many requests the rule applies to; forever when absent */
  times?: number;
}

export type RequestKind = 'pulls' | 'repo' | 'graphql' | 'app' | 'team_members' | 'unknown';

export interface RequestTarget {
  kind: RequestKind;
  /** "owner/name" the request is about, when known ("org/team-slug" for team members) */
  repo: string | null;
  /** every repository a batched GraphQL call names (owner0/name0, owner1/name1, ...) */
  repos?: string[];
}

export function ruleMatches(rule: FailureRule, target: RequestTarget): boolean {
  const [kindPart, repoPart] = rule.route.includes(':') ? rule.route.split(':', 2) : rule.route.includes('/') ? [null, rule.route] : [rule.route, null];
  const kindOk = !kindPart || kindPart === target.kind || (kindPart === 'rest' && (target.kind === 'pulls' || target.kind === 'repo'));
  const named = [target.repo, ...(target.repos ?? [])].filter((r): r is string => r !== null).map((r) => r.toLowerCase());
  const repoOk = !repoPart || named.includes(repoPart.toLowerCase());
  return kindOk && repoOk;
}

export class FailureRules {
  private rules: FailureRule[] = [];

  add(rule: FailureRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first live rule for this request, spending one of its `times`. */
  take(target: RequestTarget): FailureRule | null {
    const rule = this.rules.find((r) => (r.times === undefined || r.times > 0) && ruleMatches(r, target));
    if (!rule) return null;
    if (rule.times !== undefined) rule.times -= 1;
    return rule;
  }
}
