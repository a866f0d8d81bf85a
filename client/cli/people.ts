/**
 * `yz person list` and `yz unit list`: who is in the registry and where (names beside ids, units
 * by name), to find the ids other commands take.
 */
import { Command } from 'commander';
import { listPeople, listUnits, MAX_PERSON_LIMIT } from '../operations/registry/people';
import { act, actorOption, count, table } from './common';
import { addLifecycleCommands } from './personChanges';
import { currentIdentity } from './identity';
import { ctxOf } from './courseCommon';
import { profileLines } from './personProfile';

export function personCommand(): Command {
  const person = new Command('person').description(
    '人员查询 / people: search by name, unit, role, certificate level',
  );
  person
    .command('list')
    .description('列出人员（默认在职）/ list people (active ones unless --all)')
    .option('--name <text>', '姓名包含 / name contains, e.g. 王')
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included (see `yz unit list`)')
    .option('--role <role>', '角色 / role: community_worker 社区工作者, supervisor 督导, …')
    .option(
      '--level <level>',
      '持证等级 / certificate held: assistant_social_worker 助理社会工作师, social_worker 社会工作师, senior_social_worker 高级社会工作师',
    )
    .option('--all', '含已停用人员 / inactive people too')
    .option(`--limit <n>`, `条数 / how many (1–${MAX_PERSON_LIMIT})`, count, 50)
    .action(
      act(
        async (
          s,
          o: {
            name?: string;
            unit?: string;
            role?: string;
            level?: string;
            all?: boolean;
            limit: number;
          },
        ) => {
          const list = await listPeople(await s.store(), {
            ...(o.name !== undefined ? { name: o.name } : {}),
            ...(o.unit !== undefined ? { unitId: o.unit } : {}),
            ...(o.role !== undefined ? { role: o.role } : {}),
            ...(o.level !== undefined ? { level: o.level } : {}),
            all: o.all === true,
            limit: o.limit,
          });
          const rows = list.people.map((p) => [
            p.id,
            p.active ? p.name : `${p.name}（停用 / inactive）`,
            `${p.unitName} (${p.unitId})`,
            p.roleZh,
            p.levelsZh.join('、') || '-',
          ]);
          const shown =
            list.total > list.people.length
              ? `显示 ${list.people.length} / 共 ${list.total} 人 / showing ${list.people.length} of ${list.total} (--limit)`
              : `共 ${list.total} 人 / ${list.total} people`;
          return {
            data: list,
            text: list.people.length
              ? [
                  ...table(
                    ['编号 id', '姓名 name', '单位 unit', '角色 role', '证书 certificates'],
                    rows,
                  ),
                  shown,
                ]
              : ['（无匹配人员 / no one matches）'],
          };
        },
      ),
    );
  person
    .command('erase')
    .description(
      "删除个人信息（姓名、身份证、联系方式、通知地址、已存邮件、相关备注），保留统计 / erase a person's personal data everywhere; counts and reports keep working",
    )
    .argument('<id>', '人员编号 / person id')
    .addOption(actorOption('执行人 / erased by'))
    .action(
      act(async (s, id: string) => {
        // The database and the mail folders only: an erasure needs no Temporal.
        const { db, actor } = currentIdentity();
        const config = s.config();
        const mailDirs = [config.mailDir, ...(config.sinkDir ? [config.sinkDir] : [])];
        const { erasePersonalData } = await import('../operations/admin/erasure');
        const done = await erasePersonalData({ db, mailDirs }, actor, id);
        const changed = Object.entries(done.summary)
          .filter(([, n]) => n > 0)
          .map(([what, n]) => `${what} ${n}`);
        return {
          data: done,
          text: [
            `已删除 ${id} 的个人信息 / erased ${id} (record ${done.erasureId}, by ${done.erasedBy}, ${done.erasedAt})`,
            `  ${[...changed, `mails ${done.mailsRemoved}`].join(', ')}`,
          ],
        };
      }),
    );
  addLifecycleCommands(person);
  person
    .command('show')
    .description(
      '人员全貌 / one person: registry data, certificates and registrations, CE status, timeline',
    )
    .argument('<personId>', '人员编号 / person id')
    .action(
      act(async (s, personId: string) => {
        // Loaded here: the profile reads the CE ledger through Temporal; `person list` does not.
        const { showPersonProfile } = await import('../operations/registry/personProfile');
        const v = await showPersonProfile(await ctxOf(s), personId);
        return { data: v, text: profileLines(v, (d) => s.local(d), s.config().timeZone) };
      }),
    );
  return person;
}

export function unitCommand(): Command {
  const unit = new Command('unit').description('单位 / units: the organisation tree');
  unit
    .command('list')
    .description('组织树（缩进表示隶属）/ the organisation tree, indented under each parent')
    .option('--unit <id>', '只看该单位及下级 / only this unit and its sub-units')
    .action(
      act(async (s, o: { unit?: string }) => {
        const units = await listUnits(
          await s.store(),
          o.unit !== undefined ? { unitId: o.unit } : {},
        );
        return {
          data: units,
          text: units.map(
            (u) =>
              `${'  '.repeat(u.depth)}${u.name} (${u.id}) · ${u.kind} · ${u.people} 人 / people`,
          ),
        };
      }),
    );
  return unit;
}
