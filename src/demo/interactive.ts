import readline from 'node:readline';
import { describeError } from '../errors.js';
import { buttonsIn, type SlackRequests } from './slackRequests.js';
import type { TeamMember } from './teamWorld.js';

// In a terminal, the demo takes typed commands while the team works: `/flow …` lines go to the
// running app as signed slash commands from the chosen person, and the app's answers appear in the
// transcript like everything else. Buttons of the last answer are pressed with `press LABEL`.

export interface Terminal {
  /** writes transcript text without tearing the line being typed */
  write(text: string): void;
  close(): void;
}

export interface InteractiveOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  team: readonly TeamMember[];
  as: string;
  requests: () => SlackRequests | null;
  /** after a command: deliver whatever it put in the outbox */
  afterCommand: () => Promise<void>;
  onStop: () => void;
  note: (text: string) => void;
}

export const INTERACTIVE_HELP = [
  'Type a command while the team works (answers appear in the transcript):',
  '  /flow status | next | queue | config | repos | digest | help    sent to the app as a signed slash command',
  '  press Pick up            press a button of your last answer (also: press Skip, press Next)',
  '  as bea                   send the next commands as another team member',
  '  exit                     stop the demo (Ctrl-C works too)',
];

export function startInteractive(options: InteractiveOptions): Terminal {
  const rl = readline.createInterface({ input: options.input, output: options.output, terminal: true });
  let member = options.team.find((m) => m.login === options.as) ?? options.team[0]!;
  const lastAnswer = new Map<string, unknown[]>();
  const prompt = () => rl.setPrompt(`${member.login}> `);
  prompt();

  const terminal: Terminal = {
    write(text) {
      readline.clearLine(options.output, 0);
      readline.cursorTo(options.output, 0);
      options.output.write(text);
      rl.prompt(true);
    },
    close: () => rl.close(),
  };

  const handle = async (line: string): Promise<void> => {
    const input = line.trim();
    const requests = options.requests();
    if (input === 'exit' || input === 'quit') return options.onStop();
    if (input === 'help' || input === '?') return INTERACTIVE_HELP.forEach((l) => options.note(l));
    const switchTo = /^as\s+@?(\S+)$/i.exec(input);
    if (switchTo) {
      const next = options.team.find((m) => m.login === switchTo[1]!.toLowerCase());
      if (!next) return options.note(`${switchTo[1]} is not on the team: ${options.team.map((m) => m.login).join(', ')}`);
      member = next;
      prompt();
      return options.note(`Commands now come from ${member.login}.`);
    }
    if (!requests) return options.note('The app is not running yet; try again in a moment.');
    const flow = /^\/flow(?:\s+([\s\S]*))?$/i.exec(input);
    if (flow) {
      const reply = await requests.flow(member.slackUserId, (flow[1] ?? '').trim());
      lastAnswer.set(member.login, reply.blocks);
      return options.afterCommand();
    }
    const press = /^(?:press\s+\[?([^\]]+)\]?|\[([^\]]+)\])$/i.exec(input);
    if (press) {
      const label = (press[1] ?? press[2] ?? '').trim().toLowerCase();
      const button = buttonsIn(lastAnswer.get(member.login) ?? []).find((b) => b.label.toLowerCase() === label);
      if (!button) return options.note(`Your last answer has no [${label}] button. Try /flow next first.`);
      const reply = await requests.press(member.slackUserId, button);
      lastAnswer.set(member.login, reply.blocks);
      return options.afterCommand();
    }
    options.note('Commands start with /flow (try /flow status); `help` lists the rest.');
  };

  rl.on('line', (line) => {
    // Every answer is printed through `write`, which redraws the prompt; an empty line just gets a new one.
    if (line.trim() === '') return rl.prompt();
    handle(line).catch((error: unknown) => options.note(`That did not work: ${describeError(error)}`));
  });
  rl.on('SIGINT', () => options.onStop());
  rl.on('close', () => options.onStop());
  rl.prompt();
  return terminal;
}
