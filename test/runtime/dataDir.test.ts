/**
 * The data folder is the owner's only: what `npm start` finds there is tightened (folders 0700,
 * files 0600), and what is created afterwards — the SQLite database, Temporal's temporal.db, the
 * mail sink's folder and every stored mail, the API token — is private from the start.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { secureDataDir } from '../../runtime/dataDir';
import { mailFiles, startMailSink } from '../../runtime/mailSink';
import { startDevServer } from '../../runtime/devServer';
import { deployMigrations } from '../../prisma/migrator';

const root = mkdtempSync(join(tmpdir(), 'yz-data-'));
const data = join(root, '.data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the data folder', () => {
  it('tightens what an earlier version left readable, and creates everything new private', async () => {
    // As an older version left it: 0755 folders, 0644 files.
    mkdirSync(join(data, 'mail'), { recursive: true, mode: 0o755 });
    writeFileSync(join(data, 'yanzhen.db'), '', { mode: 0o644 });
    writeFileSync(join(data, 'mail', '1-000001-old.eml'), 'Subject: x\r\n\r\nold', { mode: 0o644 });
    writeFileSync(join(data, 'workflow-bundle.js'), '', { mode: 0o755 });

    expect(secureDataDir(data)).toBe(5);
    expect([
      mode(data),
      mode(join(data, 'mail')),
      mode(join(data, 'yanzhen.db')),
      mode(join(data, 'mail', '1-000001-old.eml')),
      mode(join(data, 'workflow-bundle.js')),
    ]).toEqual(['700', '700', '600', '600', '600']);
    expect(secureDataDir(data)).toBe(0); // nothing left to tighten

    // New files of this process: the API token as start.ts writes it, a fresh SQLite database.
    writeFileSync(join(data, 'api-token'), 'secret\n');
    expect(mode(join(data, 'api-token'))).toBe('600');
    await deployMigrations(`file:${join(data, 'fresh.db')}`);
    expect(mode(join(data, 'fresh.db'))).toBe('600');
  });

  it('keeps every stored mail 0600 in a 0700 folder, even one the sink creates', async () => {
    const dir = join(root, 'elsewhere', 'mail');
    const sink = await startMailSink({ dir, port: 0 });
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port });
      await transport.sendMail({
        from: 'noreply@yanzhen.test',
        to: 'li.ming@example.cn',
        subject: '【测试】私密',
        text: '手机 13812345678',
      });
      transport.close();
    } finally {
      await sink.stop();
    }
    const [file] = mailFiles(dir);
    expect(file).toBeDefined();
    expect([mode(dir), mode(join(dir, file!))]).toEqual(['700', '600']);
  });

  it("keeps Temporal's temporal.db 0600", async () => {
    secureDataDir(data);
    const server = await startDevServer({ dbFilename: join(data, 'temporal.db') });
    try {
      expect(mode(join(data, 'temporal.db'))).toBe('600');
    } finally {
      await server.stop();
    }
  });
});
