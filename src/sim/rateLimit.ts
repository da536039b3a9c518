// GitHub's primary rate limit: separate hourly budgets for REST ("core") and GraphQL, reported in
// x-ratelimit-* headers on every answer. REST 200s cost 1 point, 304s cost nothing.

export type RateLimitResource = 'core' | 'graphql';

export class RateLimitBudget {
  private used = 0;
  private resetAt: Date;

  constructor(
    readonly resource: RateLimitResource,
    readonly limit: number,
    private readonly clock: () => Date,
  ) {
    this.resetAt = this.nextReset();
  }

  /** Spends `points` if the budget allows it. */
  charge(points: number): boolean {
    this.rollOver();
    if (this.used + points > this.limit) return false;
    this.used += points;
    return true;
  }

  get remaining(): number {
    this.rollOver();
    return Math.max(0, this.limit - this.used);
  }

  get reset(): Date {
    this.rollOver();
    return this.resetAt;
  }

  /** A fresh hour: used by `resetStats` so a benchmark's runs start equal. */
  restart(): void {
    this.used = 0;
    this.resetAt = this.nextReset();
  }

  headers(): Record<string, string> {
    this.rollOver();
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-reset': String(Math.floor(this.resetAt.getTime() / 1000)),
      'x-ratelimit-resource': this.resource,
    };
  }

  graphqlRateLimit(): { limit: number; remaining: number; used: number; resetAt: string } {
    return { limit: this.limit, remaining: this.remaining, used: this.used, resetAt: this.reset.toISOString() };
  }

  private rollOver(): void {
    if (this.clock().getTime() >= this.resetAt.getTime()) this.restart();
  }

  private nextReset(): Date {
    return new Date(Math.ceil((this.clock().getTime() + 3_600_000) / 1000) * 1000);
  }
}
