// `npm run bench`: the benchmarks' entry point (development only; not part of the shipped build).
import { describeError } from '../src/errors.js';
import { runBench } from './run.js';

runBench(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
