import { describe, expect, it } from 'vitest';
import { loadConfig, loadSettings, settings } from '../../config/env';
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

  it('requires TLS with a checked certificate for an outside relay, off only when told', () => {
    const relay = { SMTP_URL: 'smtp://notice:pw@mail.example.cn:587' };
    expect(loadConfig(relay).smtp.tls).toEqual({ require: true, verify: true });
    expect(loadConfig({ ...relay, SMTP_REQUIRE_TLS: 'false' }).smtp.tls).toEqual({
      require: false,
      verify: true,
    });
    expect(loadConfig({ ...relay, SMTP_TLS_VERIFY: 'off' }).smtp.tls).toEqual({
      require: true,
      verify: false,
    });
    // The embedded sink, or a relay on this machine: no TLS asked for unless told.
    expect(loadConfig({}).smtp.tls).toEqual({ require: false, verify: true });
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).smtp.tls.require).toBe(false);
    expect(
      loadConfig({ SMTP_URL: 'smtp://localhost:25', SMTP_REQUIRE_TLS: '1' }).smtp.tls.require,
    ).toBe(true);
    expect(() => loadConfig({ ...relay, SMTP_REQUIRE_TLS: 'maybe' })).toThrow(
      new ConfigError('SMTP_REQUIRE_TLS="maybe" must be true or false'),
    );
    expect(() => loadConfig({ ...relay, SMTP_TLS_VERIFY: 'nope' })).toThrow(
      new ConfigError('SMTP_TLS_VERIFY="nope" must be true or false'),
    );
    expect(() => loadConfig({ SMTP_REQUIRE_TLS: 'true' })).toThrow(
      new ConfigError(
        'SMTP_REQUIRE_TLS="true" needs SMTP_URL: the embedded SMTP sink on loopback offers no TLS',
      ),
    );
  });

  it('logs at the level asked for, and names a level it does not know', () => {
    expect(loadConfig({}).log).toEqual({ level: 'info' });
    expect(loadConfig({ YZ_LOG_LEVEL: 'warn' }).log).toEqual({ level: 'warn' });
    expect(() => loadConfig({ YZ_LOG_LEVEL: 'loud' })).toThrow(
      new ConfigError(
        'YZ_LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent',
      ),
    );
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

  it('knows whether npm start embeds Temporal and the SMTP sink', () => {
    const embedded = loadConfig({});
    expect(embedded.temporal.embedded).toBe(true);
    expect(embedded.smtp.embedded).toBe(true);
    expect(embedded.sinkDir).toBeUndefined();
    const outside = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      YZ_SINK_DIR: '/srv/yz/mail',
    });
    expect(outside.temporal.embedded).toBe(false);
    // The same address as the default, given explicitly: someone else runs that sink.
    expect(outside.smtp.embedded).toBe(false);
    expect(outside.sinkDir).toBe('/srv/yz/mail');
  });

  it('reads the settings that cannot be wrong without failing', () => {
    const s = loadSettings({
      USER: 'wangli',
      YZ_DEBUG: '1',
      YZ_DEBUG_MIGRATIONS: 'yes',
      YZ_CACHE: '/opt/yz-cache',
      PATH: '/usr/local/bin::/usr/bin',
      TEST_DATABASE_URL_PG: 'postgresql://yz@127.0.0.1:5432/shadow',
      // Not validated here: a wrong address fails only loadConfig.
      TEMPORAL_ADDRESS: 'localhost',
    });
    expect(s).toEqual({
      defaultActor: 'wangli',
      debug: true,
      debugMigrations: true,
      tools: {
        cacheDir: '/opt/yz-cache',
        temporalCli: undefined,
        testServer: '/opt/yz-cache/bin/temporal-test-server',
        sdkDownload: false,
        searchPath: ['/usr/local/bin', '/usr/bin'],
      },
      migrationPgUrl: 'postgresql://yz@127.0.0.1:5432/shadow',
      cliToken: undefined,
      idCardKey: { file: '.data/id-card.key', value: undefined },
    });
    const bare = loadSettings({ HOME: '/home/x', USER: '', YZ_SDK_DOWNLOAD: '1' });
    expect(bare.defaultActor).toBe('cli');
    expect(bare.debug).toBe(false);
    expect(bare.debugMigrations).toBe(false);
    expect(bare.tools.sdkDownload).toBe(true);
    expect(bare.tools.cacheDir).toMatch(/\.cache\/yanzhen$/);
    expect(
      loadSettings({ TEMPORAL_CLI: '/x/temporal', TEMPORAL_TEST_SERVER: '/x/ts' }).tools,
    ).toMatchObject({ temporalCli: '/x/temporal', testServer: '/x/ts' });
    // The full configuration carries the same settings.
    expect(loadConfig({ USER: 'wangli' }).defaultActor).toBe('wangli');
  });

  it('reads the process settings once', () => {
    expect(settings()).toBe(settings());
    expect(settings().tools.testServer).toBe(
      process.env.TEMPORAL_TEST_SERVER ?? `${settings().tools.cacheDir}/bin/temporal-test-server`,
    );
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
