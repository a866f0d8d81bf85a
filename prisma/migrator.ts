/**
 * Prisma migrations without the native schema engine.
 *
 * The Prisma CLI's schema engine is a native binary downloaded at install time; this machine (and
 * many district servers) cannot download it. The same engine ships as WebAssembly in
 * `@prisma/schema-engine-wasm` and talks to the database through the very driver adapters the
 * application uses. This module loads it and offers the two operations we need:
 *
 * - `deployMigrations(url)`: apply every migration in `prisma/migrations` (SQLite) or
 *   `prisma/postgresql/migrations` (PostgreSQL) that is not yet applied, recording them in
 *   `_prisma_migrations` exactly as `prisma migrate deploy` does. Both tools work on the same tables.
 * - `createMigration(name)`: write the next migration for both providers from the schema.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import type * as EngineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { adapterFactoryFor, providerOf, type DbProvider } from './adapters';
import { settings } from '../config/env';

export const PRISMA_DIR = dirname(fileURLToPath(import.meta.url));

/** Where each provider's schema and migrations live. SQLite is the canonical schema. */
export const layout: Record<DbProvider, { schema: string; migrations: string }> = {
  sqlite: {
    schema: join(PRISMA_DIR, 'schema.prisma'),
    migrations: join(PRISMA_DIR, 'migrations'),
  },
  postgresql: {
    schema: join(PRISMA_DIR, 'postgresql', 'schema.prisma'),
    migrations: join(PRISMA_DIR, 'postgresql', 'migrations'),
  },
};

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type WasmBindings = typeof EngineBindings & {
  __wbg_set_wasm(exports: unknown): void;
};

/** The slice of the WebAssembly API used here (not in this project's TypeScript libs). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: Record<string, unknown>,
      ): Promise<{ instance: { exports: { __wbindgen_start?: () => void } } }>;
    };
  }
).WebAssembly;

let bindingsPromise: Promise<WasmBindings> | undefined;

/** Instantiates the WebAssembly module once per process (no --experimental-wasm-modules needed). */
function loadBindings(): Promise<WasmBindings> {
  bindingsPromise ??= (async () => {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    // The engine reports a Rust panic's message here before it throws.
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => console.error('[schema-engine panic]', message),
    };
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as WasmBindings;
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const { instance } = await wasmApi.instantiate(readFileSync(wasmPath), {
      './schema_engine_bg.js': bg,
    });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start?.();
    return bg;
  })();
  return bindingsPromise;
}

interface OpenEngine {
  /** Frees the engine and closes every connection it opened (a SQLite file stays locked otherwise). */
  close(): Promise<void>;
  /** Runs an engine call; an adapter error comes back as itself, not as "External error id#N". */
  run<T>(call: (engine: SchemaEngine) => Promise<T>): Promise<T>;
}

/**
 * When the engine replays migrations into SQLite's shadow database it hands each whole
 * migration.sql to `executeRaw`, which better-sqlite3 refuses ("more than one statement").
 * Such a script goes to `executeScript`, which runs many statements, instead.
 */
function scriptsAsScripts(
  factory: SqlMigrationAwareDriverAdapterFactory,
  opened: SqlDriverAdapter[],
): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    opened.push(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length === 0 && /;\s*\S/.test(query.sql)) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query);
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}

async function openEngine(
  provider: DbProvider,
  factory: SqlMigrationAwareDriverAdapterFactory,
): Promise<OpenEngine> {
  const opened: SqlDriverAdapter[] = [];
  const bound = bindMigrationAwareSqlAdapterFactory(scriptsAsScripts(factory, opened));
  const registry = (
    bound as unknown as {
      errorRegistry: { consumeError(id: number): { error: unknown } | undefined };
    }
  ).errorRegistry;
  const engine = await createEngine(provider, bound);
  return {
    async close() {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
    },
    async run(call) {
      try {
        return await call(engine);
      } catch (e) {
        const id = /External error id#(\d+)/.exec(String((e as Error).message))?.[1];
        const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
        if (original) {
          const o = original as { message?: string; cause?: unknown; kind?: string };
          throw new Error(`migration failed: ${o.message ?? JSON.stringify(o.cause ?? o)}`, {
            cause: original,
          });
        }
        throw e;
      }
    },
  };
}

/**
 * PostgreSQL's internal one-byte type "char" (OID 18) fills the system catalogs the engine reads
 * to describe a schema, and @prisma/adapter-pg 7.10 has no mapping for it, so `diff` against a
 * PostgreSQL shadow database fails with "Column type 'char' could not be deserialized". Reading it
 * as text is exactly right for those catalog columns; application tables never use "char".
 */
let pgCharPatched = false;
async function readPgCharAsText(): Promise<void> {
  if (pgCharPatched) return;
  pgCharPatched = true;
  const pg = (await import('pg')).default as unknown as {
    Result: { prototype: { addFields(this: unknown, fields: { dataTypeID: number }[]): void } };
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
  const original = pg.Result.prototype.addFields;
  pg.Result.prototype.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
    original.call(this, fields);
  };
}

async function createEngine(
  provider: DbProvider,
  bound: ReturnType<typeof bindMigrationAwareSqlAdapterFactory>,
): Promise<SchemaEngine> {
  const bg = await loadBindings();
  if (provider === 'postgresql') await readPgCharAsText();
  const schemaPath = layout[provider].schema;
  const datamodel = readFileSync(schemaPath, 'utf8');
  const log = (message: string) => {
    if (settings().debugMigrations) console.error('[schema-engine]', message);
  };
  return bg.SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, log, bound);
}

/** Reads a migrations folder into the structure the engine expects. */
export function readMigrations(provider: DbProvider): MigrationList {
  const baseDir = layout[provider].migrations;
  const lockPath = join(baseDir, 'migration_lock.toml');
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: {
          tag: 'ok' as const,
          value: readFileSync(join(baseDir, name, 'migration.sql'), 'utf8'),
        },
      },
    })),
  };
}

/** Applies pending migrations to the database at `url`. Returns the names applied now. */
export async function deployMigrations(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const engine = await openEngine(provider, await adapterFactoryFor(url));
  try {
    const out = await engine.run((e) =>
      e.applyMigrations({ migrationsList: readMigrations(provider), filters: NO_FILTER }),
    );
    return out.appliedMigrationNames;
  } finally {
    await engine.close();
  }
}

/**
 * The SQL that would bring the migrations up to the schema ('' when they match).
 * Needs a database for the shadow replay: an in-memory one for SQLite, `shadowUrl` for PostgreSQL.
 */
export async function pendingSchemaChange(
  provider: DbProvider,
  shadowUrl: string,
): Promise<string> {
  const engine = await openEngine(provider, await adapterFactoryFor(shadowUrl));
  try {
    const schemaPath = layout[provider].schema;
    const result = await engine.run((e) =>
      e.diff({
        from: { tag: 'migrations', ...readMigrations(provider) },
        to: {
          tag: 'schemaDatamodel',
          files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }],
        },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      }),
    );
    const sql = (result.stdout ?? '').trim();
    return sql === '-- This is an empty migration.' ? '' : sql;
  } finally {
    await engine.close();
  }
}

/** Writes `<timestamp>_<name>/migration.sql` for the provider when the schema has changed. */
export async function createMigration(
  provider: DbProvider,
  name: string,
  shadowUrl: string,
  now = new Date(),
): Promise<string | undefined> {
  const baseDir = layout[provider].migrations;
  const lockPath = join(baseDir, 'migration_lock.toml');
  if (!existsSync(lockPath)) {
    mkdirSync(baseDir, { recursive: true });
    writeFileSync(
      lockPath,
      '# Please do not edit this file manually\n' +
        '# It should be added in your version-control system (e.g., Git)\n' +
        `provider = "${provider}"\n`,
    );
  }
  const sql = await pendingSchemaChange(provider, shadowUrl);
  if (!sql) return undefined;
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dirName = `${stamp}_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  mkdirSync(join(baseDir, dirName), { recursive: true });
  writeFileSync(join(baseDir, dirName, 'migration.sql'), sql + '\n');
  return resolve(baseDir, dirName);
}
