import { spawn, type SpawnOptions } from 'node:child_process';

// A child process the test can wait on: for a line of output, or for its exit. Waits are bounded.

export interface Child {
  output(): string;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  write(line: string): void;
  kill(signal?: NodeJS.Signals): void;
}

export function startChild(args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    output: () => output,
    exit,
    write: (line) => child.stdin!.write(`${line}\n`),
    kill: (signal = 'SIGKILL') => child.kill(signal),
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${text}" from the child within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
