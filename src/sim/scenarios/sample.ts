import { makePullRequest, makeRepository, type Scenario } from '../scenario.js';

// The bundled scenario behind `flowlight status` and the first `npm run demo`: two repositories,
// a small team, and a pull request in every queue state, dated relative to `now`.

export const SAMPLE_REPOSITORIES = ['flowlight-demo/api', 'flowlight-demo/web'] as const;
export const SAMPLE_PEOPLE = ['ana', 'bea', 'carl', 'dan'] as const;

export function sampleScenario(now: Date): Scenario {
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const api = makeRepository('flowlight-demo/api', [
    makePullRequest({
      number: 101, title: 'Add rate limiting to the public API', author: 'ana', createdAt: ago(30),
      additions: 180, deletions: 20, headRef: 'ana/rate-limit', commits: [{ at: ago(30) }],
      reviewRequests: [{ reviewer: 'bea', at: ago(30), pending: true }],
    }),
    makePullRequest({
      number: 102, title: 'Retry webhooks with back-off', author: 'bea', createdAt: ago(50),
      additions: 90, deletions: 15, headRef: 'bea/webhook-retry', commits: [{ at: ago(50) }],
      reviews: [{ author: 'carl', state: 'CHANGES_REQUESTED', at: ago(20) }],
      reviewRequests: [{ reviewer: 'carl', at: ago(50), pending: false }],
    }),
    makePullRequest({
      number: 103, title: 'Fix N+1 query on the orders page', author: 'carl', createdAt: ago(26),
      additions: 40, deletions: 30, headRef: 'carl/orders-n-plus-one', commits: [{ at: ago(26) }],
      reviews: [{ author: 'bea', state: 'APPROVED', at: ago(4) }],
    }),
    makePullRequest({
      number: 104, title: 'Spike: move billing to events', author: 'dan', createdAt: ago(8), isDraft: true,
      additions: 600, deletions: 120, headRef: 'dan/billing-events', commits: [{ at: ago(8) }],
    }),
    makePullRequest({
      number: 105, title: 'Bump the ORM (waiting on upstream fix)', author: 'ana', createdAt: ago(70),
      labels: ['on hold'], additions: 12, deletions: 12, headRef: 'ana/orm-bump', commits: [{ at: ago(70) }],
    }),
    makePullRequest({
      number: 106, title: 'Rewrite the invoice renderer', author: 'dan', createdAt: ago(75),
      additions: 1100, deletions: 340, headRef: 'dan/invoice-renderer', commits: [{ at: ago(75) }, { at: ago(6) }],
      reviews: [{ author: 'ana', state: 'CHANGES_REQUESTED', at: ago(28) }],
    }),
    makePullRequest({
      number: 99, title: 'Add request ids to logs', author: 'bea', createdAt: ago(100),
      additions: 60, deletions: 8, headRef: 'bea/request-ids', commits: [{ at: ago(100) }],
      reviews: [{ author: 'dan', state: 'APPROVED', at: ago(60) }], state: 'MERGED', mergedAt: ago(58), closedAt: ago(58),
    }),
  ]);
  const web = makeRepository('flowlight-demo/web', [
    makePullRequest({
      number: 41, title: 'New checkout page', author: 'carl', createdAt: ago(48), isDraft: false, readyForReviewAt: ago(22),
      additions: 420, deletions: 60, headRef: 'carl/checkout', commits: [{ at: ago(48) }, { at: ago(23) }],
      reviewRequests: [{ reviewer: 'flowlight-demo/frontend', at: ago(22), pending: true }],
    }),
    makePullRequest({
      number: 42, title: 'Hotfix: double charge on retry', author: 'bea', createdAt: ago(3),
      labels: ['hotfix'], additions: 25, deletions: 4, headRef: 'bea/double-charge', commits: [{ at: ago(3) }],
      reviewRequests: [{ reviewer: 'ana', at: ago(3), pending: true }],
    }),
    makePullRequest({
      number: 43, title: 'Checkout: saved cards', author: 'carl', createdAt: ago(10),
      additions: 150, deletions: 10, headRef: 'carl/saved-cards', baseRef: 'carl/checkout', commits: [{ at: ago(10) }],
    }),
    makePullRequest({
      number: 38, title: 'Dark mode toggle', author: 'ana', createdAt: ago(150),
      additions: 200, deletions: 50, headRef: 'ana/dark-mode', commits: [{ at: ago(150) }],
      state: 'CLOSED', closedAt: ago(90),
    }),
  ]);
  // #41 asks @flowlight-demo/frontend: its members see it as requested through the team.
  return { repositories: [api, web], teams: [{ org: 'flowlight-demo', slug: 'frontend', members: ['ana', 'dan'] }] };
}
