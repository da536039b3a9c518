import { describe, expect, it } from 'vitest';
import { PLAIN_STYLE, renderMrkdwn, type MrkdwnContext } from '../../src/demo/mrkdwn.js';
import { foldUnchanged, renderBlock, renderEvent, type TranscriptContext } from '../../src/demo/transcript.js';

const ctx: TranscriptContext = {
  userNames: new Map([['U0ANA', 'ana'], ['U0FINN', 'finn']]),
  channelNames: new Map([['C0TEAM', 'team']]),
  dmUserOf: (id) => (id === 'D0FINN' ? 'U0FINN' : undefined),
  formatDate: (at) => `date(${at.toISOString().slice(11, 16)})`,
  formatTime: (at) => at.toISOString().slice(11, 16),
  style: PLAIN_STYLE,
};
const mrkdwn: MrkdwnContext = ctx;
const at = new Date('2026-12-01T09:40:00Z');

describe('mrkdwn in the terminal', () => {
  it('shows mentions, channels and links by name, and Slack dates in simulated time', () => {
    const seconds = Math.floor(at.getTime() / 1000);
    expect(renderMrkdwn(`<@U0ANA> → <https://github.com/a/b/pull/1|a/b#1 Fix it> in <#C0TEAM> <!date^${seconds}^{date_short_pretty} at {time}|fallback>`, mrkdwn))
      .toBe('@ana → a/b#1 Fix it in #team date(09:40)');
  });

  it('turns escaped untrusted text back into what was typed, without re-reading it as markup', () => {
    expect(renderMrkdwn('title &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;', mrkdwn)).toBe('title <!channel> & <https://evil.example|click>');
  });

  it('drops bold markers and draws the shortcodes flowlight uses', () => {
    expect(renderMrkdwn(':warning: *What to do now:* pick up a review', mrkdwn)).toBe('⚠️ What to do now: pick up a review');
    expect(renderMrkdwn(':not_an_emoji_we_know:', mrkdwn)).toBe(':not_an_emoji_we_know:');
  });
});

describe('Block Kit in the terminal', () => {
  it('shows headers, sections with fields, context, dividers and buttons', () => {
    const lines = [
      { type: 'header', text: { type: 'plain_text', text: '🔴 Over the limit' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'line one\nline two' }, fields: [{ type: 'mrkdwn', text: '*Queue* 12' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'a' }, { type: 'mrkdwn', text: 'b' }] },
      { type: 'divider' },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Pick up' }, action_id: 'x' }, { type: 'button', text: { type: 'plain_text', text: 'Skip' }, action_id: 'y' }] },
    ].flatMap((block) => renderBlock(block, mrkdwn));
    expect(lines).toEqual(['🔴 Over the limit', 'line one', 'line two', 'Queue 12', 'a · b', '─'.repeat(40), '[Pick up] [Skip]']);
  });

  it('marks DMs, ephemeral replies and edits', () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];
    expect(renderEvent({ kind: 'message', at, channel: 'D0FINN', text: 'hello', blocks, updateOf: null }, ctx)[0]).toBe('09:40  DM to @finn · flowlight');
    expect(renderEvent({ kind: 'ephemeral', at, channel: 'C0TEAM', user: 'U0ANA', text: '', blocks, replacesPrevious: true }, ctx)[0])
      .toBe('09:40  #team · flowlight, only visible to @ana (replaces the reply above)');
    const edit = renderEvent({ kind: 'message', at, channel: 'C0TEAM', text: '', blocks, updateOf: { postedAt: new Date('2026-12-01T09:00:00Z'), text: '', blocks: [] } }, ctx);
    expect(edit[0]).toBe('09:40  #team · flowlight (updated: the message of 09:00)');
    expect(edit[1]).toContain('hello');
  });
});

describe('an edited message', () => {
  it('folds runs of lines it kept and shows what changed', () => {
    expect(foldUnchanged(['title', 'why', 'what to do', 'plan: ana → #1', 'plan: bea → #2'], ['title', 'why', 'what to do', 'plan: bea → #2', 'plan: carl → #3'], ctx))
      .toEqual(['… 4 lines as before', 'plan: carl → #3']);
  });

  it('keeps a single unchanged line rather than folding it', () => {
    expect(foldUnchanged(['a', 'b'], ['x', 'a', 'y'], ctx)).toEqual(['x', 'a', 'y']);
  });

  it('says so when nothing visible changed', () => {
    expect(foldUnchanged(['a', 'b'], ['a', 'b'], ctx)).toEqual(['(no visible change)']);
  });
});
