// Slack mrkdwn as a terminal shows it: mentions become @names, links their labels, dates the
// simulated time they stand for, entities their characters. Pure, so the transcript reads the same
// in a test as on screen.

export interface MrkdwnContext {
  /** Slack user id → display name ("U0ANA" → "ana") */
  userNames: ReadonlyMap<string, string>;
  /** channel id → name without the # ("C0TEAM" → "team") */
  channelNames: ReadonlyMap<string, string>;
  /** how `<!date^…>` instants are shown */
  formatDate: (at: Date) => string;
  style: TextStyle;
}

/** Terminal emphasis: ANSI codes on a colour terminal, nothing otherwise. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  link(text: string): string;
}

export const PLAIN_STYLE: TextStyle = { bold: (t) => t, dim: (t) => t, link: (t) => t };

export const ANSI_STYLE: TextStyle = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
  link: (t) => `\u001b[4m${t}\u001b[24m`,
};

/** The shortcodes flowlight uses, as the emoji Slack would draw. Unknown ones stay as typed. */
const EMOJI: Readonly<Record<string, string>> = Object.freeze({
  warning: '⚠️', x: '❌', white_check_mark: '✅', link: '🔗', eyes: '👀', hand: '✋', tada: '🎉', pray: '🙏',
  newspaper: '📰', raising_hand: '🙋', chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉',
  left_right_arrow: '↔️', gear: '⚙️', bulb: '💡', hourglass: '⏳', rotating_light: '🚨', wave: '👋',
  mag: '🔍', memo: '📝', ok: '🆗', construction: '🚧', large_green_circle: '🟢', large_yellow_circle: '🟡',
  red_circle: '🔴', white_circle: '⚪', arrow_right: '➡️', heavy_check_mark: '✔️', no_entry: '⛔',
  stopwatch: '⏱️', busts_in_silhouette: '👥', bust_in_silhouette: '👤', inbox_tray: '📥', lock: '🔒',
  speech_balloon: '💬', thumbsup: '👍', clipboard: '📋', calendar: '📅', sparkles: '✨', zap: '⚡',
  information_source: 'ℹ️', muscle: '💪', point_right: '👉', package: '📦', fire: '🔥', snail: '🐌',
});

export function renderMrkdwn(text: string, ctx: MrkdwnContext): string {
  let out = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => renderAngle(inner, ctx));
  out = out.replace(/(^|[\s(\[])\*([^*\n]+)\*(?=$|[\s.,;:!?)\]])/g, (_w, before: string, inner: string) => `${before}${ctx.style.bold(inner)}`);
  return decodeEntities(emojify(out));
}

/** plain_text (with `emoji: true`): shown as typed, shortcodes drawn. */
export function renderPlain(text: string): string {
  return emojify(text);
}

function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

/** `<…>` in mrkdwn: a mention, a channel, a date, a special mention or a link. */
function renderAngle(inner: string, ctx: MrkdwnContext): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `@${label ?? ctx.userNames.get(id) ?? id}`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `#${label ?? ctx.channelNames.get(id) ?? id}`;
  }
  if (target.startsWith('!date^')) {
    const seconds = Number(target.split('^')[1]);
    return Number.isFinite(seconds) ? ctx.formatDate(new Date(seconds * 1000)) : decodeEntities(label ?? target);
  }
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0] ?? '';
    return `@${label ?? special}`;
  }
  return ctx.style.link(label ?? target);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
