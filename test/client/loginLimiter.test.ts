import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../client/api/loginLimiter';
import { hashPassword, verifyPassword } from '../../store/auth/password';

describe('LoginLimiter', () => {
  it('blocks a username from an address after the allowed failures, until the window passes', () => {
    let now = 0;
    const limiter = new LoginLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('Wang', '10.0.0.1')).toBe(0);
      limiter.fail('Wang', '10.0.0.1');
      now += 1000;
    }
    expect(limiter.retryAfter('wang', '10.0.0.1')).toBe(57);
    // Another address, or another username, is not blocked.
    expect(limiter.retryAfter('wang', '10.0.0.2')).toBe(0);
    expect(limiter.retryAfter('li', '10.0.0.1')).toBe(0);
    now = 60_001;
    expect(limiter.retryAfter('wang', '10.0.0.1')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const limiter = new LoginLimiter(2, 60_000, () => 0);
    limiter.fail('wang', 'a');
    limiter.succeed('wang', 'a');
    limiter.fail('wang', 'a');
    expect(limiter.retryAfter('wang', 'a')).toBe(0);
  });
});

describe('passwords', () => {
  it('stores scrypt with its parameters and checks in constant time', async () => {
    const stored = await hashPassword('正确的密码 correct');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
    expect(stored).not.toContain('correct');
    expect(await verifyPassword('正确的密码 correct', stored)).toBe(true);
    expect(await verifyPassword('正确的密码 wrong', stored)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});
