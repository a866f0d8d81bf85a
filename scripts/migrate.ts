/**
 * npm run db:migrate            apply pending migrations to DATABASE_URL (default: the embedded SQLite file)
 * npm run db:new-migration NAME write the next migration for SQLite and PostgreSQL from prisma/schema.prisma
 *                               (PostgreSQL needs a server for its shadow database: TEST_DATABASE_URL_PG)
 */
import { createMigration, deployMigrations } from '../prisma/migrator';
import { loadConfig, settings } from '../config/env';
import { secureDataDir } from '../runtime/dataDir';

const [command, name] = process.argv.slice(2);

if (command === 'deploy') {
  const config = loadConfig();
  // The SQLite file is created private (0600) in a private folder (runtime/dataDir.ts).
  if (config.database.provider === 'sqlite') secureDataDir(config.dataDir);
  const applied = await deployMigrations(config.database.url);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} else if (command === 'new' && name) {
  const now = new Date(); // one timestamp: both providers' folders carry the same migration name
  const sqlite = await createMigration('sqlite', name, 'file::memory:', now);
  console.log(sqlite ? `sqlite: ${sqlite}` : 'sqlite: no schema change');
  const pgUrl = settings().migrationPgUrl;
  if (!pgUrl) throw new Error('TEST_DATABASE_URL_PG is needed to write the PostgreSQL migration');
  const pg = await createMigration('postgresql', name, pgUrl, now);
  console.log(pg ? `postgresql: ${pg}` : 'postgresql: no schema change');
} else {
  console.error('usage: tsx scripts/migrate.ts deploy | new <name>');
  process.exit(2);
}
