// Preloaded (node --require) into a child flowlight by the crash tests, never by flowlight itself:
// when SQLite is asked to prepare the statement named in PAUSE_AT_SQL (a migration's DDL), the
// process prints PAUSED_IN_MIGRATION and blocks its only thread, so a SIGKILL sent on that line
// lands inside the migration, between two of its statements, every time.
const SQLite = require('better-sqlite3');

const pauseAt = process.env.PAUSE_AT_SQL;
if (pauseAt) {
  const prepare = SQLite.prototype.prepare;
  SQLite.prototype.prepare = function prepareThenMaybePause(sql, ...rest) {
    if (String(sql).includes(pauseAt)) {
      process.stdout.write('PAUSED_IN_MIGRATION\n');
      // Blocks the thread without spinning; the test kills the process long before this returns.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
    return prepare.call(this, sql, ...rest);
  };
}
