#!/usr/bin/env node
// Replays the Dockerfile's build without a Docker engine: each stage in a temporary folder standing for
// its WORKDIR, every COPY and RUN as written (RUN lines that need root or the Debian archive are shown
// as skipped: apt-get, and folders outside the WORKDIR). Then it starts the runtime stage's CMD without
// credentials (every module must load) and opens a SQLite database with the runtime's better-sqlite3.
// Usage: node deploy/rehearse-docker-build.mjs   (several minutes when better-sqlite3 compiles)
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execForm, parseDockerfile } from './dockerfile.mjs';

const root = path.resolve(import.meta.dirname, '..');
const stages = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-docker-'));
const folders = new Map();
const say = (line) => process.stdout.write(`${line}\n`);

const needsRoot = (command) => /^apt-get\b/.test(command) || /(^|\s)\/(data|var|etc|usr)\b/.test(command);

let env = { ...process.env, npm_config_update_notifier: 'false' };
for (const [index, stage] of stages.entries()) {
  const folder = path.join(work, stage.name ?? `stage${index}`);
  fs.mkdirSync(folder);
  folders.set(stage.name ?? String(index), folder);
  say(`\n== FROM ${stage.from}${stage.name ? ` AS ${stage.name}` : ''}  (in ${folder})`);
  env = { ...process.env, npm_config_update_notifier: 'false' };
  for (const { keyword, args } of stage.instructions) {
    switch (keyword) {
      case 'COPY': {
        const from = /^--from=(\S+)\s+/.exec(args);
        const parts = args.replace(/^--from=\S+\s+/, '').split(/\s+/);
        const destination = path.join(folder, parts.pop());
        for (const source of parts) {
          const sourcePath = from ? path.join(folders.get(from[1]), source.replace(/^\/app\/?/, '')) : path.join(root, source);
          const target = parts.length > 1 || destination.endsWith('/') || destination === folder ? path.join(destination, path.basename(source)) : destination;
          fs.cpSync(sourcePath, target, { recursive: true, verbatimSymlinks: true });
        }
        say(`COPY ${args}`);
        break;
      }
      case 'RUN': {
        if (needsRoot(args)) {
          say(`RUN ${args}\n   skipped here: needs root or the Debian archive`);
          break;
        }
        say(`RUN ${args}`);
        const started = Date.now();
        execSync(args, { cwd: folder, env, stdio: 'inherit', shell: '/bin/sh' });
        say(`   done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        break;
      }
      case 'ENV':
        for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g)) env[name] = value;
        say(`ENV ${args}`);
        break;
      default:
        say(`${keyword} ${args}`);
    }
  }
}

const runtime = [...folders.values()].at(-1);
const command = execForm(stages.at(-1).instructions.findLast((i) => i.keyword === 'CMD').args);
say(`\n== checks in the runtime stage (${runtime})`);
const dev = ['typescript', 'tsx', 'vitest', 'esbuild'].filter((name) => fs.existsSync(path.join(runtime, 'node_modules', name)));
say(`development packages left in the image: ${dev.join(', ') || 'none'}`);
const sizeMb = Number(execSync(`du -sm ${runtime}`).toString().split(/\s/)[0]);
say(`runtime folder: ${sizeMb} MB`);
const sqlite = spawnSync(process.execPath, ['-e', "const D = require('better-sqlite3'); console.log('sqlite', new D(':memory:').prepare('select sqlite_version() v').get().v)"], { cwd: runtime, encoding: 'utf8' });
say(`better-sqlite3: ${sqlite.status === 0 ? sqlite.stdout.trim() : `FAILED\n${sqlite.stderr}`}`);
const cmd = spawnSync(command[0] === 'node' ? process.execPath : command[0], command.slice(1), {
  cwd: runtime,
  encoding: 'utf8',
  env: { PATH: process.env.PATH, HOME: runtime, NODE_ENV: 'production', DATABASE_URL: path.join(work, 'data', 'flowlight.db') },
});
const loaded = cmd.status === 1 && cmd.stderr.includes('credentials are missing');
say(`CMD ${JSON.stringify(command)} without credentials: exit ${cmd.status}, ${loaded ? 'every module loaded, it asks for the credentials' : `UNEXPECTED:\n${cmd.stdout}${cmd.stderr}`}`);
fs.rmSync(work, { recursive: true, force: true });
process.exitCode = dev.length === 0 && sqlite.status === 0 && loaded ? 0 : 1;
