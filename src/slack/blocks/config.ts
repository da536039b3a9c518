import { context, fallback, header, section, type SlackMessage } from './kit.js';
import { escapeText } from './text.js';

// `/flow config`: each setting with its value and how to change it.

export interface SettingRow {
  key: string;
  value: string;
  help: string;
}

const ROWS_PER_SECTION = 8;

export function buildConfig(rows: SettingRow[]): SlackMessage {
  const lines = rows.map((r) => `*${escapeText(r.key)}* · ${escapeText(r.value)}\n      _${escapeText(r.help)}_`);
  const sections = [];
  for (let i = 0; i < lines.length; i += ROWS_PER_SECTION) sections.push(section(lines.slice(i, i + ROWS_PER_SECTION).join('\n')));
  return {
    text: fallback('The settings of this channel'),
    blocks: [header('Settings of this channel'), ...sections, context('A flowlight admin changes one with `/flow set KEY VALUE`; every change is announced in the channel.')],
  };
}
