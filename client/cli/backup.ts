/**
 * `yz backup [<file>]` and `yz restore <file> [--force]` (admin only): the database copied while
 * the system runs, and read back (client/operations/admin/backup.ts). No Temporal needed.
 */
import { Command } from 'commander';
import { act } from './common';
import { currentIdentity } from './identity';
import { backupDatabase, restoreBackup, type BackupContext } from '../operations/admin/backup';
import type { DatabaseContents } from '../../store/backup';
import type { Session } from './common';

const context = (s: Session): BackupContext => ({ db: currentIdentity().db, config: s.config() });

const contents = (c: DatabaseContents) =>
  `人员 ${c.people} people, 单位 ${c.units} units, 账号 ${c.users} users, 通知 ${c.notices} notices, 审计 ${c.auditEvents} audit rows` +
  (c.lastAuditAt ? ` (最后写入 / last written ${c.lastAuditAt})` : '');

export function backupCommand(): Command {
  return new Command('backup')
    .description('备份数据库（管理员）/ back up the database while the system runs (admin)')
    .argument(
      '[file]',
      '备份文件（不得已存在）/ the backup file (must not exist); default <YZ_DATA_DIR>/backups/yanzhen-<time>.db|.pgdump',
    )
    .action(
      act(async (s, file: string | undefined) => {
        const done = await backupDatabase(context(s), currentIdentity().actor, file);
        return {
          data: done,
          text: [
            `已备份 / backed up: ${done.file} (${done.provider}, ${done.bytes} bytes)`,
            `  ${contents(done.contents)}`,
            '  Temporal 状态与数据目录中的密钥需另行备份 / Temporal’s state and the keys in the data folder need their own copy (README)',
          ],
        };
      }),
    );
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('从备份恢复数据库（管理员）/ restore the database from a backup (admin)')
    .argument('<file>', '备份文件 / the backup file (from yz backup)')
    .option(
      '--force',
      '覆盖正在使用的数据库（先自动备份它）/ replace a database in use (it is backed up first)',
    )
    .action(
      act(async (s, file: string, o: { force?: boolean }) => {
        const done = await restoreBackup(context(s), currentIdentity().actor, file, {
          force: o.force === true,
        });
        return {
          data: done,
          text: [
            `已恢复 / restored ${done.file}`,
            `  替换了 / replaced: ${contents(done.replaced)}`,
            ...(done.replacedCopy
              ? [`  原数据库已另存 / what was replaced is kept in ${done.replacedCopy}`]
              : []),
            `  现有 / now: ${contents(done.restored)}`,
            ...(done.migrated.length
              ? [
                  `  备份来自旧版本，已迁移 ${done.migrated.length} 项 / the backup is from an older version: applied ${done.migrated.length} migration(s): ${done.migrated.join(', ')}`,
                ]
              : []),
          ],
        };
      }),
    );
}
