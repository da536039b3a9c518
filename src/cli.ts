// flowlight's command line: `flowlight status`, `flowlight replay`, `flowlight demo`. (The benchmarks are `npm run bench`, from a clone.)
// Each command lives in src/cli/; this file only dispatches and turns errors into messages.
import { loadEnvFileIfPresent } from './envFile.js';
import { describeError } from './errors.js';

const USAGE = `Usage:
  flowlight status OWNER/REPO [OWNER/REPO ...] [--json] [--at ISO-TIME] [--reviewers N] [--tz ZONE]
  flowlight replay OWNER/REPO [OWNER/REPO ...] --from TIME --to TIME [--reviewers N] [--tz ZONE] [--set KEY=VALUE ...] [--json] [--png FILE]
  flowlight demo [--speed N]      run the whole bot offline against a simulated team
Environment (or a .env file in this folder): GITHUB_TOKEN (or a GitHub App), GITHUB_API_URL; see .env.example.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'status': {
      const { runStatus } = await import('./cli/status.js');
      try {
        loadEnvFileIfPresent(); // GITHUB_TOKEN may live in .env, as for npm start
      } catch (error) {
        process.stderr.write(`flowlight status: ${describeError(error)}\n`);
        return 2;
      }
      return runStatus(rest, { env: process.env, stdout: process.stdout, stderr: process.stderr, clock: () => new Date() });
    }
    case 'replay': {
      const { runReplay } = await import('./cli/replay.js');
      try {
        loadEnvFileIfPresent();
      } catch (error) {
        process.stderr.write(`flowlight replay: ${describeError(error)}\n`);
        return 2;
      }
      return runReplay(rest, { env: process.env, stdout: process.stdout, stderr: process.stderr, clock: () => new Date() });
    }
    case 'demo': {
      const { runDemo } = await import('./cli/demo.js');
      return runDemo(rest);
    }
    case 'bench':
      // The benchmarks need the repository's bench/ and test fakes, which the shipped build leaves out.
      process.stderr.write('The benchmarks run from a clone of the repository: npm run bench (see the README, Benchmarks).\n');
      return 2;
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
