import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deployMigrations, layout, pendingSchemaChange } from '../../prisma/migrator';
import { createTestDb, providersUnderTest } from '../harness/db';

const names = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe('migrations', () => {
  it('SQLite and PostgreSQL carry the same migrations, step for step', () => {
    const sqlite = names(layout.sqlite.migrations);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(names(layout.postgresql.migrations)).toEqual(sqlite);
  });

  it('the SQLite migrations bring a database exactly to prisma/schema.prisma', async () => {
    expect(await pendingSchemaChange('sqlite', 'file::memory:')).toBe('');
  });

  it.runIf(process.env.TEST_DATABASE_URL_PG)(
    'the PostgreSQL migrations bring a database exactly to the schema',
    async () => {
      expect(await pendingSchemaChange('postgresql', process.env.TEST_DATABASE_URL_PG!)).toBe('');
    },
  );

  it.each(providersUnderTest())('apply on %s, are recorded, and apply once', async (provider) => {
    const t = await createTestDb(provider); // applies them
    try {
      // Deploying again finds nothing to do. (Run before reads: the engine takes SQLite's
      // exclusive lock, which waits for the application's open read statements.)
      expect(await deployMigrations(t.url)).toEqual([]);
      const recorded = await t.db.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
      );
      expect(recorded.map((r) => r.migration_name)).toEqual(names(layout[provider].migrations));
      // The tables work through the application's client.
      await t.db.organisation.create({
        data: { id: 'd', name: '区', kind: 'district', path: '/d/' },
      });
      expect(await t.db.organisation.count()).toBe(1);
    } finally {
      await t.close();
    }
  });
});
