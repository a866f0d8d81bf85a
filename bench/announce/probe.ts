/**
 * Probes for the announce bench's analysis: how fast each part is on its own.
 *   npx tsx bench/announce/probe.ts smtp [n] [pool] [concurrency]
 *   npx tsx bench/announce/probe.ts db [n] [concurrency]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../store/db';
import { createMailer } from '../../activities/notices/mailer';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { freePort } from '../../test/harness/temporal';
import { startMailSink } from '../../runtime/mailSink';

async function lanes(n: number, concurrency: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  const t = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return (Date.now() - t) / 1000;
}

const [what = 'smtp', a, b, c] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'yz-probe-'));
try {
  if (what === 'smtp') {
    const n = Number(a ?? 1000);
    const pool = Number(b ?? 5);
    const conc = Number(c ?? 20);
    const sink = await startMailSink({ dir: join(dir, 'mail'), port: await freePort() });
    const mailer = createMailer({
      url: sink.url,
      pool: { maxConnections: pool, maxMessages: 1000 },
    });
    const s = await lanes(n, conc, async (i) => {
      await mailer.send({
        from: 'a@b.c',
        to: `p${i}@demo.yanzhen.local`,
        subject: '【通知】区级社工培训通知',
        text: '王伟，您好：\n\n请于下周一前完成本季度培训报名。\n\n'.repeat(3),
        messageId: `<${i}-probe@x>`,
      });
    });
    console.log(
      `smtp pool=${pool} conc=${conc}: ${n} in ${s.toFixed(2)} s = ${(n / s).toFixed(0)}/s`,
    );
    mailer.close();
    await sink.stop();
  } else {
    const n = Number(a ?? 1000);
    const conc = Number(b ?? 20);
    const url = `file:${join(dir, 'p.db')}`;
    await deployMigrations(url);
    const db = await openDb(url);
    await loadDistrict(db, buildDistrict({ streets: 3, unitsPerStreet: 3, people: n }));
    const ids = (await db.person.findMany({ select: { id: true } })).map((p) => p.id);
    let t = Date.now();
    await db.notice.createMany({
      data: ids.map((personId) => ({
        key: `k/${personId}`,
        personId,
        template: 'announcement',
        locale: 'zh-CN',
        params: '{}',
        status: 'pending',
      })),
    });
    console.log(`db createMany ${n}: ${Date.now() - t} ms`);
    const s = await lanes(n, conc, async (i) => {
      const key = `k/${ids[i]}`;
      await db.notice.updateMany({
        where: { key, status: 'pending' },
        data: { status: 'sending', claimedAt: new Date(), attempts: { increment: 1 } },
      });
      await db.notice.update({
        where: { key },
        data: {
          status: 'sent',
          subject: 's',
          toAddress: 'x',
          providerId: '250',
          sentAt: new Date(),
        },
      });
    });
    console.log(
      `db claim+update conc=${conc}: ${n} in ${s.toFixed(2)} s = ${(n / s).toFixed(0)}/s`,
    );
    t = Date.now();
    await db.$disconnect();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
