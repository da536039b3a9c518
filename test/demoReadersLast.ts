import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { DEMO_READERS } from './helpers/demoRun.js';

/**
 * vitest's own order (the slowest files of the last run first), with the files that read the shared demo
 * fortnight moved last: test/globalSetup.ts starts the demo with the run, so it is done by the time they
 * start and no worker sits waiting for it.
 */
export class DemoReadersLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const readsDemo = (file: TestSpecification) => DEMO_READERS.some((reader) => file.moduleId.endsWith(reader));
    return [...sorted.filter((file) => !readsDemo(file)), ...sorted.filter(readsDemo)];
  }
}
