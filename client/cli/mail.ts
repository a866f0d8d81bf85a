/**
 * `yz mail …`: the local SMTP sink's messages (邮件箱), to see what the workflows sent.
 */
import { Command } from 'commander';
import { listMail, readMailFile } from '../operations/admin/mail';
import { act, count, table } from './common';

export function mailCommand(): Command {
  const mail = new Command('mail').description(
    '邮件箱（本地 SMTP 收件夹）/ the local SMTP sink’s mail',
  );

  mail
    .command('list')
    .description('列出邮件，最新在前 / list messages, newest first')
    .option('--to <address>', '收件地址 / recipient address')
    .option('--limit <n>', '条数 / how many (1–1000)', count, 20)
    .action(
      act(async (s, o: { to?: string; limit: number }) => {
        const items = await listMail(s.config().mailDir, { to: o.to, limit: o.limit });
        const rows = items.map((m) => [
          String(m.ref),
          s.local(m.receivedAt),
          m.to.join(','),
          m.subject,
          m.file,
        ]);
        return {
          data: items,
          text: items.length
            ? table(['编号 no.', '收到 received', '收件人 to', '主题 subject', '文件 file'], rows)
            : [`（无 / none in ${s.config().mailDir}）`],
        };
      }),
    );

  mail
    .command('read')
    .description('阅读一封邮件 / read one message')
    .argument(
      '<mail>',
      '编号、文件名或其开头 / the number, file name or a unique start of it from `yz mail list`',
    )
    .action(
      act(async (s, name: string) => {
        const m = await readMailFile(s.config().mailDir, name);
        return {
          data: m,
          text: [
            `编号 / no.: ${m.ref}   文件 / file: ${m.file}`,
            `发件人 / from: ${m.from}`,
            `收件人 / to: ${m.to.join(', ')}`,
            `主题 / subject: ${m.subject}`,
            `收到 / received: ${s.local(m.receivedAt)}`,
            '',
            m.text.trimEnd(),
          ],
        };
      }),
    );
  return mail;
}
