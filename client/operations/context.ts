/**
 * What a coordinator's command needs: the configuration, the database and a Temporal client.
 * Opened once per CLI run or API process; both use the same operations over it.
 */
import { Client, Connection } from '@temporalio/client';
import { openDb, type Db } from '../../store/db';
import { type Config } from '../../config/env';
import type { AnnouncementContext } from './announcements/announcements';
import type { CensusContext } from './census/census';
import { ConfigError } from '../../common/errors';
import { encryptingDataConverter } from '../../runtime/payloadCodec';
import { payloadKeyRing } from '../../runtime/payloadKeys';

export interface YzContext {
  config: Config;
  db: Db;
  temporal: Client;
  close(): Promise<void>;
}

export async function openContext(config: Config): Promise<YzContext> {
  const { address, namespace } = config.temporal;
  // The same keys as the workers': payloads go to Temporal encrypted and come back readable.
  const dataConverter = encryptingDataConverter(payloadKeyRing(config));
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  } catch (e) {
    throw new ConfigError(
      `无法连接 Temporal（TEMPORAL_ADDRESS="${address}"） / cannot reach Temporal at TEMPORAL_ADDRESS="${address}": ${(e as Error).message}`,
    );
  }
  let db: Db;
  try {
    db = await openDb(config.database.url);
  } catch (e) {
    await connection.close();
    throw e;
  }
  return {
    config,
    db,
    temporal: new Client({ connection, namespace, dataConverter }),
    async close() {
      await connection.close();
      await db.$disconnect();
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
