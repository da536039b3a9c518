import { typedError } from './views.js';
import { fullNameOf, updatedAtOf, type Scenario, type SimPullRequest, type SimRepository } from '../scenario.js';

// GitHub's issue search (`search(type: ISSUE, query: "...")`) for the qualifiers flowlight's change
// feed sends: is:pr/is:issue/is:open/is:closed/is:merged, user:/org:/repo:, updated:>=T (>, <, <=),
// sort:updated-desc|updated-asc|created-desc|created-asc. Like GitHub, at most 1,000 results are
// reachable however many match. A qualifier the simulator does not know is refused, not ignored,
// so a query that would mean something else on GitHub fails a test instead of passing it.

export const SEARCH_RESULT_LIMIT = 1000;

export interface SearchHit {
  repo: SimRepository;
  pr: SimPullRequest;
}

export function searchPullRequests(scenario: Scenario, query: string): SearchHit[] {
  const filters: Array<(hit: SearchHit) => boolean> = [];
  let sort: { key: 'updated' | 'created'; direction: 1 | -1 } = { key: 'created', direction: -1 };
  for (const token of query.trim().split(/\s+/).filter(Boolean)) {
    const [qualifier, ...rest] = token.split(':');
    const value = rest.join(':');
    switch (qualifier?.toLowerCase()) {
      case 'is':
        filters.push(isFilter(value.toLowerCase()));
        break;
      case 'user':
      case 'org':
        filters.push(({ repo }) => repo.owner.toLowerCase() === value.toLowerCase());
        break;
      case 'repo':
        filters.push(({ repo }) => fullNameOf(repo).toLowerCase() === value.toLowerCase());
        break;
      case 'updated':
        filters.push(dateFilter(value, (hit) => updatedAtOf(hit.pr)));
        break;
      case 'created':
        filters.push(dateFilter(value, (hit) => hit.pr.createdAt));
        break;
      case 'sort': {
        const match = /^(updated|created)(?:-(asc|desc))?$/.exec(value);
        if (!match) throw typedError('INVALID_QUERY', `The simulator's search does not know sort:${value}`);
        sort = { key: match[1] as 'updated' | 'created', direction: match[2] === 'asc' ? 1 : -1 };
        break;
      }
      default:
        throw typedError('INVALID_QUERY', `The simulator's search does not know "${token}": teach src/sim/graphql/search.ts, or change the query`);
    }
  }
  const hits = scenario.repositories.flatMap((repo) => repo.pullRequests.map((pr) => ({ repo, pr }))).filter((hit) => filters.every((f) => f(hit)));
  const keyOf = sort.key === 'updated' ? (hit: SearchHit) => updatedAtOf(hit.pr).getTime() : (hit: SearchHit) => hit.pr.createdAt.getTime();
  // each key once, not once per comparison: a PR's last update is a walk over all its events
  const keys = new Map(hits.map((hit) => [hit, { at: keyOf(hit), repo: fullNameOf(hit.repo) }]));
  return hits.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return sort.direction * (ka.at - kb.at) || ka.repo.localeCompare(kb.repo) || a.pr.number - b.pr.number;
  });
}

function isFilter(value: string): (hit: SearchHit) => boolean {
  switch (value) {
    case 'pr':
      return () => true; // the scenario holds pull requests only
    case 'issue':
      return () => false;
    case 'open':
      return ({ pr }) => pr.state === 'OPEN';
    case 'closed':
      return ({ pr }) => pr.state !== 'OPEN';
    case 'merged':
      return ({ pr }) => pr.state === 'MERGED';
    default:
      throw typedError('INVALID_QUERY', `The simulator's search does not know is:${value}`);
  }
}

function dateFilter(value: string, of: (hit: SearchHit) => Date): (hit: SearchHit) => boolean {
  const match = /^(>=|<=|>|<)?(.+)$/.exec(value);
  const at = match ? Date.parse(match[2]!) : Number.NaN;
  if (!match || Number.isNaN(at)) throw typedError('INVALID_QUERY', `The simulator's search cannot read the date in "${value}"`);
  switch (match[1] ?? '') {
    case '>=':
      return (hit) => of(hit).getTime() >= at;
    case '>':
      return (hit) => of(hit).getTime() > at;
    case '<=':
      return (hit) => of(hit).getTime() <= at;
    case '<':
      return (hit) => of(hit).getTime() < at;
    default:
      return (hit) => Math.floor(of(hit).getTime() / 86_400_000) === Math.floor(at / 86_400_000);
  }
}
