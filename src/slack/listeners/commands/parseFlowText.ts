// `/flow <subcommand> <arguments>`: what people type, split into words. Nothing here trusts the text.

/** Longer than any real command (20 repositories to watch at once fit easily). */
export const MAX_COMMAND_LENGTH = 1000;

export type FlowSubcommand =
  | 'status' | 'next' | 'queue' | 'link' | 'unlink' | 'watch' | 'unwatch' | 'repos' | 'config' | 'set' | 'digest' | 'help'
  | 'replay' | 'report';

const FLOW_SUBCOMMANDS: readonly FlowSubcommand[] = [
  'status', 'next', 'queue', 'link', 'unlink', 'watch', 'unwatch', 'repos', 'config', 'set', 'digest', 'help',
  'replay', 'report',
];

export type ParsedFlowText =
  | { kind: 'command'; name: FlowSubcommand; args: string[]; rest: string }
  | { kind: 'unknown'; word: string }
  | { kind: 'too_long'; length: number };

export function parseFlowText(text: string | undefined): ParsedFlowText {
  const trimmed = (text ?? '').trim();
  if (trimmed.length > MAX_COMMAND_LENGTH) return { kind: 'too_long', length: trimmed.length };
  if (trimmed === '') return { kind: 'command', name: 'status', args: [], rest: '' };
  const [first = '', ...args] = trimmed.split(/\s+/u);
  const word = first.toLowerCase();
  const name = FLOW_SUBCOMMANDS.find((s) => s === word);
  if (!name) return { kind: 'unknown', word: first };
  const rest = trimmed.slice(first.length).trim();
  return { kind: 'command', name, args, rest };
}
