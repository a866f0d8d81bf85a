/**
 * `yz cohort …`: cohort programs (培养梯队: 雏雁 new hires, 头雁 leaders): members from several
 * agencies, their course series, progress.
 */
import { Command } from 'commander';
import * as cohorts from '../operations/courses/cohorts';
import * as changes from '../operations/courses/cohortChanges';
import { act, csv, outOption, table, written } from './common';
import { ctxOf, formatOf, hours, namingPeople, peopleNamed } from './courseCommon';
import { cancelCommand } from './cancelCommand';
import { InputError } from '../../common/errors';

function enrolmentLines(r: cohorts.CohortEnrolment): string[] {
  return table(
    ['课程 series', '报名 enrolled', '候补 waitlisted', '已在册 already'],
    r.series.map((x) => [
      x.seriesId,
      String(x.enrolled.length),
      String(x.waitlisted.length),
      String(x.already.length),
    ]),
  );
}

export function cohortCommand(): Command {
  const cmd = new Command('cohort').description(
    '培养梯队 / cohort programs (雏雁 new hires, 头雁 leaders): members, series, progress',
  );
  namingPeople(
    cmd
      .command('create')
      .description('创建梯队 / create a cohort and enrol its members in its series')
      .requiredOption('--id <id>', '梯队编号 / cohort id')
      .requiredOption('--title <text>', '名称 / title')
      .requiredOption('--kind <kind>', 'new_hire（雏雁）| leader（头雁）| other')
      .requiredOption('--coordinator <personId>', '协调员 / coordinator person id')
      .requiredOption('--series <ids>', '课程系列（按顺序）/ course series ids, in order', csv),
    {
      person: '成员 / member person ids',
      unit: '单位（含下级）全体 / every active person of units',
      by: '创建人 / created by',
    },
  ).action(
    act(
      async (
        s,
        o: {
          id: string;
          title: string;
          kind: string;
          coordinator: string;
          series: string[];
          person?: string[];
          unit?: string[];
          by: string;
        },
      ) => {
        const r = await cohorts.createCohort(await ctxOf(s), {
          id: o.id,
          title: o.title,
          kind: o.kind as cohorts.CohortKind,
          coordinatorId: o.coordinator,
          seriesIds: o.series,
          ...peopleNamed(o),
          createdBy: o.by,
        });
        return {
          data: r,
          text: [`已创建 / created: ${r.id} (${r.members} 人 / members)`, ...enrolmentLines(r)],
        };
      },
    ),
  );
  namingPeople(
    cmd
      .command('add')
      .description('加入成员 / add members (enrolled in every series of the cohort)')
      .argument('<id>', '梯队编号 / cohort id'),
    {
      person: '人员编号 / person ids',
      unit: '单位（含下级）全体 / every active person of units',
      by: '操作人 / added by',
    },
  ).action(
    act(async (s, id: string, o: { person?: string[]; unit?: string[]; by: string }) => {
      const r = await cohorts.addCohortMembers(await ctxOf(s), {
        cohortId: id,
        ...peopleNamed(o),
        addedBy: o.by,
      });
      return {
        data: r,
        text: [
          `新成员 / added: ${r.added.length}, 共 / members: ${r.members}`,
          ...enrolmentLines(r),
        ],
      };
    }),
  );
  cmd
    .command('add-series')
    .description('增加课程 / add course series (every member enrolled)')
    .argument('<id>', '梯队编号 / cohort id')
    .requiredOption('--series <ids>', '课程编号 / series ids', csv)
    .action(
      act(async (s, id: string, o: { series: string[] }) => {
        const r = await cohorts.addCohortSeries(await ctxOf(s), {
          cohortId: id,
          seriesIds: o.series,
        });
        return { data: r, text: enrolmentLines(r) };
      }),
    );
  cmd
    .command('progress')
    .description('梯队进度 / progress per member (or per agency); XLSX holds both')
    .argument('<id>', '梯队编号 / cohort id')
    .option('--by <view>', 'member | agency', 'member')
    .addOption(outOption())
    .action(
      act(async (s, id: string, o: { by: string; out?: string }) => {
        if (o.by !== 'member' && o.by !== 'agency')
          throw new InputError(
            `--by “${o.by}”只能是 member（按人员）或 agency（按机构） / --by "${o.by}" must be member or agency`,
          );
        const ctx = await ctxOf(s);
        if (o.out)
          return written(
            o.out,
            await cohorts.exportCohortReport(ctx, {
              cohortId: id,
              format: formatOf(o.out),
              by: o.by,
            }),
          );
        const p = await cohorts.cohortReport(ctx, id);
        const text =
          o.by === 'agency'
            ? table(
                [
                  '单位 unit',
                  '人数 members',
                  '结业 completed',
                  '学习中 in progress',
                  '落后 behind',
                  '学时 hours',
                ],
                p.agencies.map((a) => [
                  a.unitId,
                  String(a.members),
                  String(a.completed),
                  String(a.in_progress),
                  String(a.behind),
                  `${hours(a.attendedTenths)}/${hours(a.requiredTenths)}`,
                ]),
              )
            : table(
                ['人员 person', '单位 unit', '结业课程 series', '学时 hours', '状态 status'],
                p.members.map((m) => [
                  m.personId,
                  m.unitId,
                  `${m.seriesCompleted}/${m.seriesTotal}`,
                  `${hours(m.attendedTenths)}/${hours(m.requiredTenths)}`,
                  m.status,
                ]),
              );
        return { data: p, text: [`${p.cohortId}  ${p.title}  (${p.kind})`, ...text] };
      }),
    );
  cmd
    .command('edit')
    .description('修改梯队 / edit a cohort: title, series list in order (added: members enrolled)')
    .argument('<id>', '梯队编号 / cohort id')
    .option('--title <text>', '名称 / title')
    .option(
      '--series <ids>',
      '课程系列（完整新列表，按顺序）/ the whole new series list, in order',
      csv,
    )
    .action(
      act(async (s, id: string, o: { title?: string; series?: string[] }) => {
        const r = await changes.editCohort(await ctxOf(s), {
          cohortId: id,
          ...(o.title !== undefined ? { title: o.title } : {}),
          ...(o.series ? { seriesIds: o.series } : {}),
        });
        return {
          data: r,
          text: [
            `已修改 / edited: ${r.id} ${r.title}`,
            `课程 / series: ${r.seriesIds.join(', ')}`,
            `移出 / removed: ${r.removed.join(', ') || '-'} (退出 / withdrawn: ${r.withdrawn})`,
            ...enrolmentLines({ members: 0, series: r.added }),
          ],
        };
      }),
    );
  cancelCommand(
    cmd,
    {
      description: '取消梯队 / cancel a cohort (its enrolments withdrawn, every member told)',
      id: '梯队编号 / cohort id',
      reason: '原因 / reason (told to the members, kept in the database)',
    },
    (ctx, id, o) => changes.cancelCohort(ctx, { cohortId: id, ...o }),
    (r) => [
      `退出报名 / enrolments withdrawn: ${r.withdrawn}; 通知 / told: ${r.notified} (${r.announcementId ?? '-'})`,
    ],
  );
  return cmd;
}
