// Moved to test/helpers/childProcess.ts (shared by every process test); kept so older imports compile.
export * from '../../helpers/childProcess.js';
