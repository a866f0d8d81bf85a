/**
 * The API's log, as whoever runs the API reads it: JSON lines at the configured level, every
 * line of a request under its id; a 500 tells the caller that id, and the log line with it holds
 * the error and the request body with nothing personal in them (no phone, e-mail, ID number,
 * free text, token).
 */
import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { buildApi } from '../../client/api/server';
import type { YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import type { Db } from '../../store/db';
import { withContacts } from '../harness/personalData';

const TOKEN = 'test-token-log-7f3a';

/** The API over a database that fails on any use (a fault: 500), logging into `lines`. */
async function failingApi(level: string) {
  const lines: string[] = [];
  // Every table fails but the accounts', so the request passes sign-in (API_TOKEN: the first
  // admin) and fails in its operation.
  const admin = {
    id: 'u-1',
    username: 'admin',
    displayName: 'admin',
    role: 'admin',
    disabled: false,
    units: [],
  };
  const db = new Proxy(
    {},
    {
      get(_target, table) {
        if (table === 'user') return { findFirst: () => Promise.resolve(admin) };
        throw new Error(
          'database connection lost while reading 李明 13812345678 li.ming@example.cn',
        );
      },
    },
  ) as Db;
  const ctx: YzContext = {
    config: loadConfig({ API_TOKEN: TOKEN, YZ_LOG_LEVEL: level }),
    db,
    temporal: {} as Client,
    close: async () => undefined,
  };
  const app = await buildApi(ctx, { logStream: { write: (line) => void lines.push(line) } });
  const withdraw = () =>
    app.inject({
      method: 'POST',
      url: '/exam-campaigns/pd-2026/withdrawals',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: {
        personId: 'p-000003',
        reason: withContacts('家中变故，身份证 11010519491231002X'),
      },
    });
  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, lines, withdraw, logged };
}

describe('the API log', () => {
  it('answers a 500 with the request id its log line carries, with nothing personal logged', async () => {
    const { app, lines, withdraw, logged } = await failingApi('info');
    const res = await withdraw();
    expect(res.statusCode).toBe(500);
    const answer = res.json<{ error: string; requestId: string; statusCode: number }>();
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.error).toBe(
      `内部错误，请凭请求编号查 API 日志 / internal error: see the API log for request ${answer.requestId}`,
    );

    const mine = logged().filter((l) => l.reqId === answer.requestId);
    expect(mine.map((l) => l.msg)).toEqual([
      'incoming request',
      'request failed',
      'request completed',
    ]);
    const failed = mine[1] as {
      level: number;
      err: { message: string; stack: string };
      body: Record<string, unknown>;
    };
    expect(failed.level).toBe(50);
    expect(failed.err.message).toBe(
      'database connection lost while reading 李明 [redacted] [redacted]',
    );
    expect(failed.body).toEqual({ personId: 'p-000003', reason: '[redacted]' });

    const all = lines.join('');
    for (const secret of [
      '13812345678',
      '13912345678',
      'li.ming@example.cn',
      'wang.fang@example.cn',
      '11010519491231002X',
      '家中变故',
      TOKEN,
    ])
      expect(all).not.toContain(secret);
    await app.close();
  });

  it('logs at the configured level: at "error" only the failure', async () => {
    const { app, withdraw, logged } = await failingApi('error');
    const res = await withdraw();
    expect(res.statusCode).toBe(500);
    expect(logged().map((l) => [l.msg, l.reqId])).toEqual([
      ['request failed', res.json<{ requestId: string }>().requestId],
    ]);
    await app.close();
  });
});
