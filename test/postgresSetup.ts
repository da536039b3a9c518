import type { TestProject } from 'vitest/node';
import { openStore } from '../src/store/open.js';
import { findPostgresBin, startPgCluster } from './helpers/pgCluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the throwaway cluster's superuser URL ('' where PostgreSQL is not installed) */
    postgresAdminUrl: string;
    /** a database with every migration run, which each test's fresh database copies */
    postgresTemplate: string;
  }
}

const TEMPLATE = 'flowlight_template';

// The postgres project's global setup: a throwaway PostgreSQL cluster for the whole run (started
// and stopped here, its folder removed), and a template database migrated once, so a test's fresh
// database is a copy instead of fourteen migrations. Where PostgreSQL's server binaries are missing
// it provides no URL, and the tests that need one are skipped, saying so (vitest.config.ts).
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('postgresTemplate', TEMPLATE);
  const bin = findPostgresBin();
  if (!bin) {
    project.provide('postgresAdminUrl', '');
    return undefined;
  }
  const cluster = await startPgCluster(bin);
  try {
    await cluster.admin([`create database ${TEMPLATE}`]);
    const db = await openStore(cluster.url(TEMPLATE));
    await db.destroy();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('postgresAdminUrl', cluster.url());
  return () => cluster.stop();
}
