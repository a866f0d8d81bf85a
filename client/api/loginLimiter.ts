/**
 * Wrong-password limit (登录限速): after `attempts` failures for one username from one address
 * within the window, further tries answer 429 until the oldest failure leaves the window, even
 * with the right password. A success clears the count. In memory: a restart forgets it.
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly attempts: number,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds to wait before the next try, or 0 when a try is allowed. */
  retryAfter(username: string, ip: string): number {
    const kept = this.recent(this.key(username, ip));
    if (kept.length < this.attempts) return 0;
    return Math.ceil((kept[0]! + this.windowMs - this.now()) / 1000);
  }

  fail(username: string, ip: string): void {
    const key = this.key(username, ip);
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(username: string, ip: string): void {
    this.failures.delete(this.key(username, ip));
  }
}
