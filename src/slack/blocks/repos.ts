import { formatAgo } from '../../domain/format.js';
import { capBlocks, context, fallback, header, section, type SlackMessage } from './kit.js';
import { escapeText, truncate } from './text.js';

// `/flow repos`: the channel's repositories and how fresh each one's data is.

export interface RepoLine {
  repo: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
  /** how far its history backfill got, worded (src/domain/historyProgress.ts) */
  history?: string;
}

const LINES_PER_SECTION = 20;

export function buildRepos(repos: RepoLine[], now: Date): SlackMessage {
  if (repos.length === 0) {
    const text = 'This channel watches no repositories yet. Add some with `/flow watch OWNER/REPO`, for example `/flow watch acme/api`.';
    return { text: fallback(text), blocks: [section(text)] };
  }
  const lines = repos.map((r) => repoLine(r, now));
  const sections = [];
  for (let i = 0; i < lines.length; i += LINES_PER_SECTION) sections.push(section(lines.slice(i, i + LINES_PER_SECTION).join('\n')));
  const blocks = capBlocks(
    [header(`Watched repositories (${repos.length})`), ...sections, context('`/flow watch OWNER/REPO` adds one, `/flow unwatch OWNER/REPO` removes one.')],
    (omitted) => `${omitted} more sections not shown.`,
  );
  return { text: fallback(`This channel watches ${repos.length} repositories.`), blocks };
}

function repoLine(r: RepoLine, now: Date): string {
  const name = `\`${escapeText(r.repo)}\``;
  const read = r.lastSuccessAt ? `read ${formatAgo(r.lastSuccessAt, now)}` : 'not read yet';
  const error = r.lastError ? ` · :warning: ${escapeText(truncate(r.lastError, 200))}` : '';
  const history = r.history ? ` · ${escapeText(truncate(r.history, 300))}` : '';
  return `${name} · ${read}${error}${history}`;
}
