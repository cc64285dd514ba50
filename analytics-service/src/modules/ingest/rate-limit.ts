/** Token buckets per site: `perSecond` events per second with a burst of one second's worth. */
export class SiteRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond: number) {}

  /** Takes `count` tokens; returns false (taking none) when the site is over its rate. */
  take(site: string, count: number, now = Date.now()): boolean {
    const bucket = this.buckets.get(site) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(site, bucket);
    if (bucket.tokens < count) return false;
    bucket.tokens -= count;
    return true;
  }
}
