// The four rules of the light (DESIGN.md): what each measures, its unit, defaults and bounds.

export type RuleName = 'queue_per_reviewer' | 'oldest_wait' | 'expected_wait' | 'lines_per_reviewer';

export const RULE_NAMES: readonly RuleName[] = Object.freeze(['queue_per_reviewer', 'oldest_wait', 'expected_wait', 'lines_per_reviewer']);

export interface RuleSpec {
  /** what it measures, for people: "oldest wait" */
  label: string;
  /** unit of its levels: "business hours" */
  unit: string;
  defaultYellow: number;
  defaultRed: number;
  /** highest level we accept: above it the rule could never fire in practice */
  max: number;
  /** an example value for error messages */
  example: number;
}

export const RULES: Readonly<Record<RuleName, RuleSpec>> = Object.freeze({
  queue_per_reviewer: { label: 'PRs awaiting review per reviewer', unit: 'PRs per reviewer', defaultYellow: 1, defaultRed: 2, max: 100, example: 1.5 },
  oldest_wait: { label: 'oldest wait', unit: 'business hours', defaultYellow: 8, defaultRed: 16, max: 2000, example: 6 },
  expected_wait: { label: 'expected wait', unit: 'business days', defaultYellow: 1, defaultRed: 2, max: 250, example: 1.5 },
  lines_per_reviewer: { label: 'changed lines awaiting review per reviewer', unit: 'lines per reviewer', defaultYellow: 400, defaultRed: 1000, max: 1_000_000, example: 600 },
});

export function isRuleName(name: string): name is RuleName {
  return (RULE_NAMES as readonly string[]).includes(name);
}
