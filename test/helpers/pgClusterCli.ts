import { findPostgresBin, startPgCluster } from './pgCluster.js';

// `npm run pg:cluster`: the tests' throwaway PostgreSQL cluster, for a developer to run flowlight
// against by hand. Prints the DATABASE_URL of an empty database `flowlight`; Ctrl-C stops the server
// and removes its folder (as does the end of this process in any other way, through the watchdog).

const bin = findPostgresBin();
if (!bin) {
  console.error('PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL (Debian: postgresql-15) or set FLOWLIGHT_PG_BIN to the folder holding them.');
  process.exit(1);
}
const cluster = await startPgCluster(bin);
await cluster.admin(['create database flowlight']);
console.log(`PostgreSQL is running on 127.0.0.1:${cluster.port} until Ctrl-C. Start flowlight with:\n  DATABASE_URL=${cluster.url('flowlight')}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  console.log('PostgreSQL stopped; its folder is removed.');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
setInterval(() => {}, 1 << 30); // keep running until a signal
