import { addBusinessHours } from '../domain/businessHours.js';
import type { WorkingHours } from '../domain/types.js';
// From the simulator's scenario module alone: `flowlight demo`'s argument check reads the team, and
// should not load the simulator's server (see src/cli/demo.ts).
import type { Random } from '../sim/random.js';
import { makePullRequest, makeRepository, type Scenario, type SimPullRequest } from '../sim/scenario.js';

// Who the simulated team is and what GitHub looks like when the demo starts: six people in one
// channel, three repositories, two weeks of merged history (so throughput and Little's Law have
// something to stand on), and a few PRs already open on Monday morning.

export interface TeamMember {
  login: string;
  slackUserId: string;
  /** business hours it takes them to build a change, with their AI assistant */
  buildHours: readonly [number, number];
  /** the repository they mostly work in */
  home: string;
  /** finishes and opens the change in hand even while the team swarms (the input gate's audience) */
  opensWhileRed?: boolean;
}

export const DEMO_CHANNEL = Object.freeze({ id: 'C0TEAM', name: 'team' });

export const DEMO_REPOSITORIES = Object.freeze(['flowlight-demo/api', 'flowlight-demo/web', 'flowlight-demo/mobile'] as const);

export const DEMO_TEAM: readonly TeamMember[] = Object.freeze([
  { login: 'ana', slackUserId: 'U0ANA', buildHours: [3, 5], home: 'flowlight-demo/api' },
  { login: 'bea', slackUserId: 'U0BEA', buildHours: [3, 6], home: 'flowlight-demo/web' },
  { login: 'carl', slackUserId: 'U0CARL', buildHours: [4, 7], home: 'flowlight-demo/api' },
  { login: 'dan', slackUserId: 'U0DAN', buildHours: [2.5, 5], home: 'flowlight-demo/mobile' },
  { login: 'eve', slackUserId: 'U0EVE', buildHours: [3, 6], home: 'flowlight-demo/web' },
  { login: 'finn', slackUserId: 'U0FINN', buildHours: [1.5, 3.5], home: 'flowlight-demo/mobile', opensWhileRed: true },
]);

const TITLES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'flowlight-demo/api': [
    'Add rate limiting to the public API', 'Retry webhooks with back-off', 'Fix N+1 query on the orders endpoint',
    'Paginate the invoices endpoint', 'Validate currency codes on checkout', 'Cache exchange rates for an hour',
    'Move billing to events', 'Add idempotency keys to payments', 'Log request ids end to end', 'Expire stale sessions',
    'Speed up the search index rebuild', 'Return 422 for malformed addresses', 'Add an audit trail for refunds',
    'Split the orders service module', 'Stream CSV exports', 'Upgrade the ORM to v7',
  ],
  'flowlight-demo/web': [
    'New checkout page', 'Saved cards on checkout', 'Dark mode toggle', 'Accessible date picker',
    'Lazy-load the product gallery', 'Show delivery estimates in the cart', 'Inline address validation',
    'Keyboard shortcuts for the admin table', 'Fix layout shift on the landing page', 'Translate the account pages',
    'Replace the charts library', 'Empty states for orders', 'Skeleton loaders on the dashboard', 'Bulk edit products',
  ],
  'flowlight-demo/mobile': [
    'Offline mode for the order list', 'Push notification preferences', 'Biometric login', 'Fix crash on rotate in checkout',
    'Deep links to orders', 'Pull to refresh on the inbox', 'Smaller app bundle', 'Share sheet for receipts',
    'Upgrade React Native to 0.76', 'Retry uploads on flaky networks', 'In-app review prompt', 'Haptics on payment success',
  ],
});

/** A title for a new change, other than those of the PRs still open (`open`), while any are left. */
export function titleFor(repo: string, random: Random, open: ReadonlySet<string> = new Set()): string {
  const titles = TITLES[repo] ?? ['Small improvement'];
  const fresh = titles.filter((title) => !open.has(title));
  return random.pick(fresh.length > 0 ? fresh : titles);
}

/** Changed lines of a change built with an AI assistant: mostly a few hundred, now and then far too many. */
export function changeSize(random: Random): { additions: number; deletions: number } {
  const total = random.chance(0.07) ? random.int(1100, 1800) : random.chance(0.5) ? random.int(40, 220) : random.int(220, 520);
  const deletions = Math.round(total * (0.1 + random.next() * 0.25));
  return { additions: total - deletions, deletions };
}

export function branchName(login: string, title: string, number: number): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${login}/${slug}-${number}`;
}

/**
 * GitHub on the demo's first Monday morning: the last two working weeks' merged PRs (about four a
 * day reviewed, the pace before everyone had an AI assistant) and a small queue already open.
 */
export function startingScenario(start: Date, hours: WorkingHours, random: Random): Scenario {
  const repos = new Map<string, SimPullRequest[]>(DEMO_REPOSITORIES.map((repo) => [repo, []]));
  const add = (repo: string, partial: Partial<SimPullRequest> & { author: string; createdAt: Date }) => {
    const list = repos.get(repo)!;
    const number = list.length + 1;
    const title = partial.title ?? titleFor(repo, random);
    const pr = makePullRequest({ ...changeSize(random), ...partial, number, title, headRef: branchName(partial.author, title, number) });
    list.push(pr);
    return pr;
  };
  const before = (businessHours: number) => addBusinessHours(start, -businessHours, hours);
  const someoneElse = (login: string) => random.pick(DEMO_TEAM.filter((m) => m.login !== login)).login;

  // History: 44 PRs merged over the last ten working days, each reviewed once or twice.
  for (let i = 0; i < 44; i += 1) {
    const author = random.pick(DEMO_TEAM);
    const reviewer = someoneElse(author.login);
    const reviewedAgo = 1 + (i * 79) / 44 + random.next();
    const createdAt = before(reviewedAgo + 1 + random.next() * 4);
    const reviewedAt = before(reviewedAgo);
    const mergedAt = before(Math.max(0.25, reviewedAgo - 0.5));
    const pr = add(random.chance(0.6) ? author.home : random.pick(DEMO_REPOSITORIES), { author: author.login, createdAt, ...changeSize(random) });
    if (random.chance(0.25)) {
      const askedAt = before(reviewedAgo + 0.9);
      pr.reviews.push({ author: reviewer, state: 'CHANGES_REQUESTED', at: askedAt });
      pr.commits.push({ at: before(reviewedAgo + 0.5) });
    }
    pr.reviews.push({ author: reviewer, state: 'APPROVED', at: reviewedAt });
    pr.state = 'MERGED';
    pr.mergedAt = mergedAt;
    pr.closedAt = mergedAt;
  }

  // Open on Monday morning: three waiting for review (one requested), one back with its author,
  // one approved, one draft.
  const [ana, bea, carl, dan, eve, finn] = DEMO_TEAM.map((m) => m.login) as [string, string, string, string, string, string];
  add('flowlight-demo/api', { author: carl, createdAt: before(3), reviewRequests: [{ reviewer: ana, at: before(3), pending: true }] });
  add('flowlight-demo/web', { author: bea, createdAt: before(2) });
  add('flowlight-demo/mobile', { author: finn, createdAt: before(1) });
  const back = add('flowlight-demo/api', { author: dan, createdAt: before(6) });
  back.reviews.push({ author: eve, state: 'CHANGES_REQUESTED', at: before(2) });
  const approved = add('flowlight-demo/web', { author: eve, createdAt: before(5) });
  approved.reviews.push({ author: ana, state: 'APPROVED', at: before(1.5) });
  add('flowlight-demo/mobile', { author: ana, createdAt: before(4), isDraft: true, title: 'Spike: sync engine rewrite' });

  return { repositories: [...repos].map(([repo, prs]) => makeRepository(repo, prs)) };
}
