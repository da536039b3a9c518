import { parseDemoArgs, type DemoArgs } from '../demo/args.js';
import { describeError } from '../errors.js';

/**
 * `npm run demo`: the real bot, offline, on a simulated team (src/demo/). Without a terminal it
 * runs the two simulated weeks and exits 0; in one, it also takes typed `/flow` commands.
 */
export async function runDemo(args: string[]): Promise<number> {
  let parsed: DemoArgs;
  try {
    parsed = parseDemoArgs(args);
  } catch (error) {
    process.stderr.write(`flowlight demo: ${describeError(error)}\n`);
    return 2;
  }
  // Loaded once the arguments are known to be good: the whole bot and the simulator take a second or
  // more of CPU to load, which a mistyped flag should not wait for.
  const { runDemo: runSimulatedTeam } = await import('../demo/run.js');
  return runSimulatedTeam(parsed, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    // Ctrl-C, SIGTERM, or a reader that went away (`npm run demo | head`) stop the run cleanly:
    // servers closed, store closed, no stack trace.
    onInterrupt: (stop) => {
      // Stays attached: the last lines written after the reader left fail the same way.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        stop();
      });
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      };
    },
  });
}
