import { SIGNATURE_TOLERANCE_SECONDS } from './verifySignature.js';

/**
 * Remembers the signatures seen within the timestamp tolerance, so the same signed request is
 * accepted once. Older requests are refused for staleness anyway, so nothing older is kept.
 * Bounded: past `maxEntries` the oldest are forgotten first (Map keeps insertion order).
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 50_000) {}

  /** true the first time a signature is offered inside the window, false for a replay */
  firstSighting(signature: string, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, nowMs + 2 * SIGNATURE_TOLERANCE_SECONDS * 1000);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  private forgetExpired(nowMs: number): void {
    for (const [signature, expiresAt] of this.seen) {
      if (expiresAt > nowMs) break; // inserted in time order: the rest expire later
      this.seen.delete(signature);
    }
  }
}
