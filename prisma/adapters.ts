/**
 * One database URL, one driver adapter: `file:` → SQLite through better-sqlite3 (the embedded
 * default), `postgres://` / `postgresql://` → PostgreSQL through node-postgres.
 */
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { providerOf } from './urls';
import { connectionOf, keepPreparedStatements } from './statementCache';

export { providerOf, redactUrl, type DbProvider } from './urls';

/** Loads only the driver the URL needs: a command's start-up pays for one, not both. */
export async function adapterFactoryFor(
  url: string,
): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (providerOf(url) === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    const factory = new PrismaBetterSqlite3({ url, timeout: 30_000 });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      async connect() {
        const adapter = await factory.connect();
        const connection = connectionOf(adapter);
        if (connection) keepPreparedStatements(connection);
        return adapter;
      },
      connectToShadowDb: () => factory.connectToShadowDb(),
    };
  }
  return postgresFactory((await import('@prisma/adapter-pg')).PrismaPg, url);
}

/**
 * node-postgres for PostgreSQL. Its shadow database (for `diff` against migrations) is made
 * here: @prisma/adapter-pg 7.10 drops the shadow database before closing its pool, which
 * PostgreSQL refuses while that pool is still connected.
 */
function postgresFactory(Pg: typeof PrismaPg, url: string): SqlMigrationAwareDriverAdapterFactory {
  const fields = pgConnectionFields(url);
  const main = new Pg({ ...fields, max: 10 });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const admin = await new Pg({ ...fields, max: 1 }).connect();
      const database = `yz_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new Pg({ ...fields, database, max: 2 }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

/**
 * Discrete fields rather than a connection string: the migration engine's shadow database is
 * opened as `{ ...config, database }`, which a connection string would silently override.
 */
function pgConnectionFields(url: string) {
  const u = new URL(url);
  const sslmode = u.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    ...(sslmode && sslmode !== 'disable'
      ? { ssl: { rejectUnauthorized: sslmode === 'verify-full' } }
      : {}),
  };
}
