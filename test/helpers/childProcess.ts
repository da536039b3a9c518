import { spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

// A child process the test can wait on: for a line of output, or for its exit. Waits are bounded.

export const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * flowlight's entry point as `npm start` runs it: the compiled build (test/globalSetup.ts rebuilds
 * dist/ when src/ is newer). Starting it costs a fraction of running src/main.ts through tsx, which
 * compiles every module again in each child.
 */
export const BUILT_MAIN = path.join(ROOT, 'dist', 'main.js');

export interface Child {
  /** stdout and stderr as they arrived, interleaved */
  output(): string;
  stdout(): string;
  stderr(): string;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  write(line: string): void;
  kill(signal?: NodeJS.Signals): void;
}

export function startChild(args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  let output = '';
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
    waiters.forEach((w) => w());
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
    waiters.forEach((w) => w());
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    exit,
    write: (line) => child.stdin!.write(`${line}\n`),
    kill: (signal = 'SIGKILL') => child.kill(signal),
    waitFor: (text, timeoutMs = 20_000) => waitForOutput({ output: () => output, waiters, exit, who: 'the child' }, text, timeoutMs),
  };
}

/** Output a test waits on: what arrived so far, callbacks run on each chunk, and the process's exit. */
export interface OutputSource {
  output(): string;
  waiters: Set<() => void>;
  exit: Promise<unknown>;
  /** how the error names the process ("the child", "npm start") */
  who: string;
}

/** Resolves once `text` appears in the output; rejects after `timeoutMs`, or at once when the process exits without it. */
export function waitForOutput(source: OutputSource, text: string, timeoutMs: number): Promise<void> {
  const { waiters } = source;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!source.output().includes(text)) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no "${text}" from ${source.who} within ${timeoutMs} ms:\n${source.output()}`));
    }, timeoutMs);
    waiters.add(check);
    check();
    // A process that exits without printing it never will: fail now, with what it did print.
    void source.exit.then(() => setTimeout(() => {
      if (!waiters.has(check)) return;
      waiters.delete(check);
      clearTimeout(timer);
      reject(new Error(`${source.who} exited before printing "${text}":\n${source.output()}`));
    }, 0));
  });
}
