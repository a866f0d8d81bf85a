import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env';
import { ConfigError } from '../../common/errors';

describe('configuration', () => {
  it('defaults to the embedded system', () => {
    const c = loadConfig({});
    expect(c.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'yanzhen',
    });
    expect(c.database).toEqual({ url: 'file:.data/yanzhen.db', provider: 'sqlite' });
    expect(c.smtp.url).toBe('smtp://127.0.0.1:2525');
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.quietHours).toEqual({ startMinute: 21 * 60, endMinute: 8 * 60 });
    // The embedded sink on loopback takes 20 connections at once.
    expect(c.smtp.pool.maxConnections).toBe(20);
  });

  it('keeps to 5 SMTP connections for an outside relay unless told otherwise', () => {
    const relay = { SMTP_URL: 'smtps://notice:pw@mail.example.cn:465' };
    expect(loadConfig(relay).smtp.pool.maxConnections).toBe(5);
    expect(loadConfig({ ...relay, SMTP_POOL_CONNECTIONS: '12' }).smtp.pool.maxConnections).toBe(12);
    expect(loadConfig({ SMTP_POOL_CONNECTIONS: '8' }).smtp.pool.maxConnections).toBe(8);
  });

  it('takes every external part from the environment', () => {
    const c = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'pudong',
      TASK_QUEUE: 'yz-prod',
      DATABASE_URL: 'postgresql://yz:secret@db.internal:5432/yanzhen',
      SMTP_URL: 'smtps://notice:pw@mail.example.cn:465',
      YZ_TIME_ZONE: 'Asia/Urumqi',
      YZ_QUIET_HOURS: 'off',
    });
    expect(c.temporal).toMatchObject({
      address: 'temporal.internal:7233',
      namespace: 'pudong',
      taskQueue: 'yz-prod',
    });
    expect(c.database.provider).toBe('postgresql');
    expect(c.timeZone).toBe('Asia/Urumqi');
    expect(c.quietHours).toBeNull();
  });

  it.each([
    [
      { DATABASE_URL: 'mysql://localhost/x' },
      /DATABASE_URL "mysql:\/\/localhost\/x" must start with file: \(SQLite\) or postgres:\/\//,
    ],
    [{ DATABASE_URL: 'postgres://yz:hunter2@/x' }, /DATABASE_URL "postgres:\/\/yz:\*\*\*@\/x"/],
    [{ DATABASE_URL: 'file:' }, /DATABASE_URL "file:" has no file path/],
    [{ TEMPORAL_ADDRESS: 'localhost' }, /TEMPORAL_ADDRESS="localhost" is not host:port/],
    [{ SMTP_URL: 'mail.example.cn' }, /SMTP_URL="mail.example.cn" must look like smtp:\/\//],
    [{ YZ_TIME_ZONE: 'Asia/Beijing' }, /YZ_TIME_ZONE="Asia\/Beijing" is not an IANA time zone/],
    [{ YZ_QUIET_HOURS: '9pm-8am' }, /YZ_QUIET_HOURS="9pm-8am"/],
    [{ API_PORT: '80000' }, /API_PORT="80000" is not a whole number from 1 to 65535/],
  ])('refuses %o with one clear line', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
