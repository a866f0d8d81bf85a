/**
 * What a coordinator's command needs: the configuration, the database and a Temporal client.
 * Opened once per CLI run or API process; both use the same operations over it.
 *
 * The store (configuration and database) opens alone for commands that never reach Temporal
 * (lists, the organisation tree, vocabularies): they start without loading the Temporal client
 * and its protocol tables (about 0.3 s), and work while Temporal is down.
 */
import type { Client, Connection } from '@temporalio/client';
import { openDb, type Db } from '../../store/db';
import { type Config } from '../../config/env';
import type { AnnouncementContext } from './announcements/announcements';
import type { CensusContext } from './census/census';
import { ConfigError } from '../../common/errors';

/** The configuration and the database: what operations that never touch Temporal take. */
export interface StoreContext {
  config: Config;
  db: Db;
  close(): Promise<void>;
}

export interface YzContext extends StoreContext {
  temporal: Client;
}

/** The configuration and the database; over an already open `db` when given (its owner closes it). */
export async function openStore(config: Config, db?: Db): Promise<StoreContext> {
  if (db) return { config, db, close: async () => {} };
  const opened = await openDb(config.database.url);
  return { config, db: opened, close: () => opened.$disconnect() };
}

/** A store and a connected Temporal client; over an open `store` when given (it is then owned). */
export async function openContext(config: Config, store?: StoreContext): Promise<YzContext> {
  const { address, namespace } = config.temporal;
  const [{ Client, Connection }, { encryptingDataConverter }, { payloadKeyRing }] =
    await Promise.all([
      import('@temporalio/client'),
      import('../../runtime/payloadCodec'),
      import('../../runtime/payloadKeys'),
    ]);
  // The same keys as the workers': payloads go to Temporal encrypted and come back readable.
  const dataConverter = encryptingDataConverter(payloadKeyRing(config));
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  } catch (e) {
    await store?.close();
    throw new ConfigError(
      `无法连接 Temporal（TEMPORAL_ADDRESS="${address}"） / cannot reach Temporal at TEMPORAL_ADDRESS="${address}": ${(e as Error).message}`,
    );
  }
  let opened: StoreContext;
  try {
    opened = store ?? (await openStore(config));
  } catch (e) {
    await connection.close();
    throw e;
  }
  return {
    ...opened,
    temporal: new Client({ connection, namespace, dataConverter }),
    async close() {
      await connection.close();
      await opened.close();
    },
  };
}

/** The census operations' view of a context (the same parts as announcements). */
export const censusContext = (ctx: YzContext): CensusContext => ({
  ...announcementContext(ctx),
  config: { timeZone: ctx.config.timeZone },
});

/** The announcement operations' view of a context. */
export function announcementContext(ctx: YzContext): AnnouncementContext {
  return {
    db: ctx.db,
    temporal: ctx.temporal,
    taskQueue: ctx.config.temporal.taskQueue,
    timeZone: ctx.config.timeZone,
    quietHours: ctx.config.quietHours,
  };
}
