import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markDeliveriesProcessed, recordDelivery, unprocessedDeliveriesMark } from '../../src/store/githubDeliveries.js';
import { tempStore, type TempStore } from '../helpers/tempStore.js';

// The leader of several replicas looks every second for webhook deliveries another replica stored:
// the mark it compares changes when one is stored, and not while only a retained one waits.

describe('the mark of waiting webhook deliveries', () => {
  let store: TempStore;
  beforeEach(async () => {
    store = await tempStore();
  });
  afterEach(async () => store.cleanup());

  it('changes when a delivery is stored, stays while the same ones wait, and counts none once they are processed', async () => {
    const empty = await unprocessedDeliveriesMark(store.db);
    expect(empty.waiting).toBe(0);
    await recordDelivery(store.db, { id: 'd-1', event: 'pull_request', repo: 'acme/api', number: 1 }, new Date('2026-11-25T10:00:00.000Z'));
    const one = await unprocessedDeliveriesMark(store.db);
    expect(one.waiting).toBe(1);
    expect(one.mark).not.toBe(empty.mark);
    expect(await unprocessedDeliveriesMark(store.db)).toEqual(one);
    // Stored in the same millisecond by another replica: still a change.
    await recordDelivery(store.db, { id: 'd-2', event: 'pull_request', repo: 'acme/api', number: 2 }, new Date('2026-11-25T10:00:00.000Z'));
    const two = await unprocessedDeliveriesMark(store.db);
    expect(two.waiting).toBe(2);
    expect(two.mark).not.toBe(one.mark);
    await markDeliveriesProcessed(store.db, ['d-1', 'd-2'], new Date('2026-11-25T10:00:01.000Z'));
    expect((await unprocessedDeliveriesMark(store.db)).waiting).toBe(0);
  });
});
