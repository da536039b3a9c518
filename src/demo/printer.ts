import { localDate } from '../domain/businessHours.js';
import { ANSI_STYLE, PLAIN_STYLE, type TextStyle } from './mrkdwn.js';
import { renderEvent, type TranscriptContext, type TranscriptEvent } from './transcript.js';

// Writes the transcript: a heading per simulated day, then each event the stand-in or the demo's
// requests reported, as renderEvent words it. Also the demo's own narration (clearly its own,
// dimmed and marked), never in the bot's voice.

export interface PrinterOptions {
  write: (text: string) => void;
  color: boolean;
  timeZone: string;
  userNames: ReadonlyMap<string, string>;
  channelNames: ReadonlyMap<string, string>;
  dmUserOf: (channelId: string) => string | undefined;
}

export class TranscriptPrinter {
  readonly style: TextStyle;
  private readonly context: TranscriptContext;
  private lastDay: string | null = null;

  constructor(private readonly options: PrinterOptions) {
    this.style = options.color ? ANSI_STYLE : PLAIN_STYLE;
    const { timeZone } = options;
    this.context = {
      userNames: options.userNames,
      channelNames: options.channelNames,
      dmUserOf: options.dmUserOf,
      style: this.style,
      formatTime: (at) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at),
      formatDate: (at) => new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace(',', ''),
    };
  }

  event(event: TranscriptEvent): void {
    this.day(event.at);
    this.write(renderEvent(event, this.context));
  }

  /** A heading when the simulated day changes. */
  day(at: Date): void {
    const day = localDate(at, this.options.timeZone);
    if (day === this.lastDay) return;
    this.lastDay = day;
    const title = new Intl.DateTimeFormat('en-GB', { timeZone: this.options.timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
    this.write(['', this.style.bold(`━━ ${title} ${'━'.repeat(Math.max(4, 60 - title.length))}`)]);
  }

  /** The demo speaking for itself (what the simulated team did), never as the bot. */
  note(text: string): void {
    this.write([this.style.dim(`        · ${text}`)]);
  }

  lines(lines: string[]): void {
    this.write(lines);
  }

  private write(lines: string[]): void {
    this.options.write(`${lines.join('\n')}\n`);
  }
}
