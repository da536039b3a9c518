// flowlight's command line: `flowlight status`, `flowlight demo`, `flowlight bench`.
// Each command lives in src/cli/; this file only dispatches and turns errors into messages.
import { describeError } from './errors.js';

const USAGE = `Usage:
  flowlight status OWNER/REPO [OWNER/REPO ...] [--json] [--at ISO-TIME] [--reviewers N] [--tz ZONE]
  flowlight demo [--speed N]      run the whole bot offline against a simulated team
  flowlight bench                 run the benchmarks (writes bench/results/)
Environment: GITHUB_TOKEN (or a GitHub App), GITHUB_API_URL; see .env.example.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'status': {
      const { runStatus } = await import('./cli/status.js');
      return runStatus(rest, { env: process.env, stdout: process.stdout, stderr: process.stderr, clock: () => new Date() });
    }
    case 'demo': {
      const { runDemo } = await import('./cli/demo.js');
      return runDemo(rest);
    }
    case 'bench': {
      const { runBench } = await import('./cli/bench.js');
      return runBench(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`flowlight: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
