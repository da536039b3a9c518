import { describe, expect, it } from 'vitest';
import { escapeText, link, truncate } from '../../src/slack/blocks/text.js';

describe('untrusted text in Slack messages', () => {
  it.each([
    ['<!channel> fix', '&lt;!channel&gt; fix'],
    ['<@U123> please', '&lt;@U123&gt; please'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['a & b', 'a &amp; b'],
  ])('shows %s as text, pinging no one', (input, shown) => {
    expect(escapeText(input)).toBe(shown);
  });

  it('truncates with an ellipsis and never splits an entity', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate(escapeText('ab<cd'), 5)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps a link label from closing the link early', () => {
    expect(link('https://github.com/a/b/pull/1', 'x|<!here>')).toBe('<https://github.com/a/b/pull/1|x¦&lt;!here&gt;>');
  });
});
