// Prisma CLI configuration (prisma generate / prisma migrate deploy where the native engine exists).
// The application itself applies the same migrations through prisma/migrator.ts.
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./.data/yanzhen.db';
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: postgres ? 'prisma/postgresql/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgresql/migrations' : 'prisma/migrations' },
  datasource: { url },
});
