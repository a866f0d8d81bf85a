/**
 * Prepared statements kept for SQLite. @prisma/adapter-better-sqlite3 7.10 prepares every query
 * anew (`client.prepare(sql).bind(args)`), and a notice's path runs the same few statements for
 * every batch: preparing them again cost about 0.2 ms of the worker's CPU a notice (the
 * campaign launch went from 1.05–1.18 to 0.85–0.93 ms a notice). Here the connection's `prepare`
 * answers a view over a statement kept by its SQL text, which binds its arguments per call
 * instead of once. The most recent STATEMENTS_KEPT are kept: a batch runs about ten kinds, and
 * each kept statement holds memory.
 *
 * The adapter uses of a statement only `reader`, `bind`, `columns`, `raw`, `all` and `run`; an
 * adapter that does not expose its connection as `client` is left as it is.
 */
import type { Database, Statement } from 'better-sqlite3';

const STATEMENTS_KEPT = 64;

/** What the adapter calls on what `prepare` answers. */
interface StatementView {
  readonly reader: boolean;
  bind(args: unknown[]): StatementView;
  columns(): ReturnType<Statement['columns']>;
  raw(on?: boolean): StatementView;
  all(): unknown[];
  run(): ReturnType<Statement['run']>;
}

function viewOf(statement: Statement): StatementView {
  let args: unknown[] = [];
  let raw = false;
  const view: StatementView = {
    get reader() {
      return statement.reader;
    },
    bind(values) {
      args = values;
      return view;
    },
    columns: () => statement.columns(),
    raw(on = true) {
      raw = on;
      return view;
    },
    // An array binds its items as the anonymous parameters, as `bind(args)` did.
    all: () => statement.raw(raw).all(args),
    run: () => statement.run(args),
  };
  return view;
}

/** Makes `connection.prepare` keep its statements (least recently used dropped first). */
export function keepPreparedStatements(connection: Database): void {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, Statement>();
  const cached = (sql: string): StatementView => {
    let statement = kept.get(sql);
    if (statement)
      kept.delete(sql); // re-inserted below: the most recent last
    else {
      statement = prepare(sql);
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return viewOf(statement);
  };
  connection.prepare = cached as unknown as Database['prepare'];
}

/** The connection of a @prisma/adapter-better-sqlite3 adapter, when it exposes it. */
export function connectionOf(adapter: unknown): Database | undefined {
  const client = (adapter as { client?: Partial<Database> }).client;
  return typeof client?.prepare === 'function' && typeof client.exec === 'function'
    ? (client as Database)
    : undefined;
}
