/**
 * SQLite's kept statements (prisma/statementCache.ts): the same SQL with other arguments answers
 * for those arguments, rows come raw or as objects as asked, writes run, the least recently
 * used statement is dropped past the limit, and Prisma works over it unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { keepPreparedStatements, connectionOf } from '../../prisma/statementCache';
import { createTestDb } from '../harness/db';

const dir = mkdtempSync(join(tmpdir(), 'yz-statements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kept prepared statements', () => {
  it('binds each call’s arguments to the one statement', () => {
    const db = new Database(join(dir, 'a.db'));
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => (prepared.push(sql), prepare(sql));
    keepPreparedStatements(db);
    db.prepare('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)').run();
    const insert = 'INSERT INTO t (k, v) VALUES (?, ?)';
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      expect(db.prepare(insert).bind([k, v]).run().changes).toBe(1);
    const select = 'SELECT k, v FROM t WHERE v >= ? ORDER BY k';
    const s1 = db.prepare(select).bind([2]);
    expect(s1.reader).toBe(true);
    expect(s1.columns().map((c) => c.name)).toEqual(['k', 'v']);
    expect(s1.raw().all()).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    expect(db.prepare(select).bind([3]).all()).toEqual([{ k: 'c', v: 3 }]);
    expect(prepared.filter((s) => s === insert)).toHaveLength(1);
    expect(prepared.filter((s) => s === select)).toHaveLength(1);
    db.close();
  });

  it('drops the least recently used statement past its limit', () => {
    const db = new Database(':memory:');
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => (prepared.push(sql), prepare(sql));
    keepPreparedStatements(db);
    const first = 'SELECT 0';
    db.prepare(first).bind([]).all();
    for (let i = 1; i <= 64; i++) db.prepare(`SELECT ${i}`).bind([]).all();
    db.prepare(first).bind([]).all(); // dropped: prepared again
    db.prepare('SELECT 64').bind([]).all(); // kept
    expect(prepared.filter((s) => s === first)).toHaveLength(2);
    expect(prepared.filter((s) => s === 'SELECT 64')).toHaveLength(1);
    db.close();
  });

  it('leaves an adapter without a connection it can see alone', () => {
    expect(connectionOf({})).toBeUndefined();
    expect(connectionOf({ client: { prepare: 1 } })).toBeUndefined();
  });

  it('serves Prisma over the embedded default unchanged', async () => {
    const tdb = await createTestDb('sqlite');
    try {
      const { db } = tdb;
      for (const n of [1, 2, 3])
        await db.vocabularyTerm.upsert({
          where: { vocabulary_code: { vocabulary: 'specialty', code: `bench_${n}` } },
          create: {
            vocabulary: 'specialty',
            code: `bench_${n}`,
            zh: `测试${n}`,
            createdBy: 'test',
          },
          update: {},
        });
      const found = await db.vocabularyTerm.findMany({
        where: { code: { startsWith: 'bench_' } },
        orderBy: { code: 'asc' },
      });
      expect(found.map((t) => t.zh)).toEqual(['测试1', '测试2', '测试3']);
    } finally {
      await tdb.close();
    }
  });
});
