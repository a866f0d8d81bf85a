/**
 * `yz`, the coordinators' and admins' command line: announcements, the mail sink, workflows and
 * their histories, the talent census and the registry (client/cli/registry.ts). Every command prints readable text, or JSON with `--json`.
 * A user's mistake prints one line (`错误 / error: …`) and exits 1.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ROLES } from '../../store/people/audience';
import {
  announcementStatus,
  cancelAnnouncement,
  createAnnouncement,
  listAnnouncements,
  type AnnouncementStatusView,
} from '../operations/announcements/announcements';
import { announcementContext, censusContext, type YzContext } from '../operations/context';
import { censusProgress, startCensus, submitCensus } from '../operations/census/census';
import { listMail, readMailFile } from '../operations/admin/mail';
import { listWorkflows, visibilityQuery, workflowTimeline } from '../operations/admin/workflows';
import { act, count, csv, isUserError, parseSendAt, table, uiLink, type Session } from './common';
import { countsLine, problemLines, registryCommand } from './registry';
import { examCommand } from './exam';
import { courseCommand } from './course';
import { cohortCommand } from './cohort';
import { creditsCommand } from './credits';
import { mentoringCommand } from './mentoring';
import { InputError, httpStatus } from '../../common/errors';

export { parseSendAt };

// ---- commands -----------------------------------------------------------------------------

function statusLines(s: Session, v: AnnouncementStatusView): string[] {
  const lines = [
    `${v.id}  ${v.title}`,
    `状态 / status: ${v.status}`,
    `已发送 / sent: ${v.sent}/${v.recipients}   失败 / failed: ${v.failed}`,
  ];
  if (v.live?.waitingUntil) lines.push(`等待至 / waiting until: ${s.local(v.live.waitingUntil)}`);
  lines.push(`工作流 / workflow: ${v.workflowId}`);
  return lines;
}

const FINISHED = ['completed', 'cancelled', 'failed'];

/** Polls until the announcement is finished, showing progress (one updating line on a TTY). */
async function waitForAnnouncement(
  s: Session,
  ctx: YzContext,
  id: string,
): Promise<AnnouncementStatusView> {
  const tty = !s.json && process.stdout.isTTY;
  let last = '';
  for (;;) {
    const v = await announcementStatus(ctx, id);
    const waiting = v.live?.waitingUntil
      ? `, 等待至 / waiting until ${s.local(v.live.waitingUntil)}`
      : '';
    const line = `${v.status}: ${v.sent}/${v.recipients} 已发送 / sent, ${v.failed} 失败 / failed${waiting}`;
    if (!s.json && line !== last) {
      process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
      last = line;
    }
    if (FINISHED.includes(v.status)) {
      if (tty) process.stdout.write('\n');
      return v;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface SendOptions {
  id: string;
  title: string;
  body: string;
  titleEn?: string;
  bodyEn?: string;
  person?: string[];
  unit?: string[];
  role?: string[];
  at?: string;
  by: string;
  wait?: boolean;
}

function announceCommand(): Command {
  const announce = new Command('announce').description('通知 / announcements');

  announce
    .command('send')
    .description('发送通知 / send an announcement')
    .requiredOption('--id <id>', '通知编号 / announcement id (a business key, e.g. room-302)')
    .requiredOption('--title <text>', '标题 / title (zh-CN)')
    .requiredOption('--body <text>', '正文 / body (zh-CN); {name} becomes each person’s name')
    .option('--title-en <text>', '英文标题 / English title')
    .option('--body-en <text>', '英文正文 / English body')
    .option('--person <ids>', '人员编号，逗号分隔 / person ids, comma-separated', csv)
    .option('--unit <ids>', '单位编号（含下级）/ unit ids, sub-units included', csv)
    .option('--role <roles>', `角色 / roles: ${ROLES.join(', ')}`, csv)
    .option('--at <time>', '发送时间 / send time, ISO 8601; no offset → YZ_TIME_ZONE (default now)')
    .option('--by <name>', '发起人 / sent by', process.env.USER || 'cli')
    .option('--wait', '等待完成并显示进度 / wait until done, showing progress')
    .action(
      act(async (s, o: SendOptions) => {
        const ctx = await s.context();
        const started = await createAnnouncement(announcementContext(ctx), {
          id: o.id,
          title: o.title,
          body: o.body,
          titleEn: o.titleEn,
          bodyEn: o.bodyEn,
          audience: { personIds: o.person, unitIds: o.unit, roles: o.role },
          sendAt: o.at === undefined ? undefined : parseSendAt(o.at, s.config().timeZone),
          createdBy: o.by,
        });
        const url = uiLink(s.config(), started.workflowId);
        const text = [
          `已开始 / started: ${started.workflowId}`,
          `收件人 / recipients: ${started.recipients}`,
          `发送时间 / send at: ${s.local(started.sendAt)} (${s.config().timeZone})`,
          `Web UI: ${url}`,
        ];
        if (!o.wait) return { data: { ...started, url }, text };
        if (!s.json) process.stdout.write(`${text.join('\n')}\n`);
        const final = await waitForAnnouncement(s, ctx, o.id);
        return {
          data: { ...started, url, final },
          text: statusLines(s, final),
          exitCode: final.status === 'failed' ? 1 : 0,
        };
      }),
    );

  announce
    .command('status')
    .description('查看通知进度 / show an announcement’s progress')
    .argument('<id>', '通知编号 / announcement id')
    .action(
      act(async (s, id: string) => {
        const v = await announcementStatus(await s.context(), id);
        return {
          data: v,
          text: [...statusLines(s, v), `Web UI: ${uiLink(s.config(), v.workflowId)}`],
        };
      }),
    );

  announce
    .command('cancel')
    .description('取消未发出的通知 / cancel what is not yet sent')
    .argument('<id>', '通知编号 / announcement id')
    .action(
      act(async (s, id: string) => {
        const v = await cancelAnnouncement(await s.context(), id);
        return { data: v, text: statusLines(s, v) };
      }),
    );

  announce
    .command('list')
    .description('列出通知 / list announcements, newest first')
    .option('--limit <n>', '条数 / how many (1–1000)', count, 50)
    .action(
      act(async (s, o: { limit: number }) => {
        const items = await listAnnouncements(await s.context(), { limit: o.limit });
        const rows = items.map((a) => [
          a.id,
          a.status,
          `${a.sent}/${a.recipients}`,
          s.local(a.createdAt),
          a.title,
        ]);
        return {
          data: items,
          text: items.length
            ? table(['编号 id', '状态 status', '已发 sent', '创建 created', '标题 title'], rows)
            : ['（无 / none）'],
        };
      }),
    );
  return announce;
}

function mailCommand(): Command {
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
        const rows = items.map((m) => [m.file, s.local(m.receivedAt), m.to.join(','), m.subject]);
        return {
          data: items,
          text: items.length
            ? table(['文件 file', '收到 received', '收件人 to', '主题 subject'], rows)
            : [`（无 / none in ${s.config().mailDir}）`],
        };
      }),
    );

  mail
    .command('read')
    .description('阅读一封邮件 / read one message')
    .argument('<file>', '文件名 / file name from `yz mail list`')
    .action(
      act(async (s, file: string) => {
        const m = await readMailFile(s.config().mailDir, file);
        return {
          data: m,
          text: [
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

function workflowsCommand(): Command {
  return new Command('workflows')
    .description('查找工作流 / find workflows (Temporal visibility)')
    .option('--type <type>', '工作流类型 / workflow type, e.g. announcement')
    .option(
      '--status <status>',
      '状态 / status: Running, Completed, Failed, Canceled, Terminated …',
    )
    .option('--key <prefix>', '业务键前缀 / workflow id prefix, e.g. announcement/room-')
    .option('--limit <n>', '条数 / how many (1–1000)', count, 100)
    .action(
      act(async (s, o: { type?: string; status?: string; key?: string; limit: number }) => {
        const filter = { type: o.type, status: o.status, keyPrefix: o.key, limit: o.limit };
        visibilityQuery(filter); // a bad filter is reported before connecting
        const items = await listWorkflows((await s.context()).temporal, filter);
        const rows = items.map((w) => [w.workflowId, w.type, w.status, s.local(w.startTime)]);
        return {
          data: items,
          text: items.length
            ? table(['工作流 workflow', '类型 type', '状态 status', '开始 started'], rows)
            : ['（无 / none）'],
        };
      }),
    );
}

function historyCommand(): Command {
  return new Command('history')
    .description('工作流历史时间线 / a workflow’s history as a timeline')
    .argument('<workflowId>', '工作流编号 / workflow id, e.g. announcement/room-302')
    .action(
      act(async (s, workflowId: string) => {
        const { temporal, config } = await s.context();
        const t = await workflowTimeline(
          temporal,
          { uiUrl: config.temporal.uiUrl, timeZone: config.timeZone },
          workflowId,
        );
        const rows = t.lines.map((l) => [l.time, l.kind, l.text]);
        return {
          data: t,
          text: [
            `${t.workflowId}  ${t.type}  ${t.status}  (${config.timeZone})`,
            ...table(['时间 time', '事件 event', '内容 what'], rows),
            `Web UI: ${t.url}`,
          ],
        };
      }),
    );
}

function censusCommand(): Command {
  const cmd = new Command('census').description(
    '人才资源库普查 / talent census: units report their people by a deadline',
  );
  const progressLines = (v: Awaited<ReturnType<typeof censusProgress>>) => [
    `${v.id}  ${v.title}`,
    `状态 / status: ${v.status}   截止 / deadline: ${v.deadline}`,
    `已报送 / reported: ${v.reported}/${v.units}（逾期补报 / late: ${v.reportedLate}）   逾期未报 / overdue: ${v.late}   待报 / pending: ${v.pending}`,
    ...table(
      ['单位 unit', '状态 status'],
      Object.entries(v.byUnit).map(([unit, status]) => [unit, status]),
    ),
  ];

  cmd
    .command('start')
    .description('发起普查 / start a census')
    .requiredOption('--id <id>', '普查编号 / census id')
    .requiredOption('--title <text>', '标题 / title')
    .requiredOption('--unit <ids>', '单位编号，逗号分隔 / unit ids, comma-separated', csv)
    .requiredOption(
      '--deadline <time>',
      '截止时间 / deadline (ISO 8601 or local "2026-03-20 17:00")',
    )
    .requiredOption(
      '--coordinator <personId>',
      '协调员（接收逾期提醒与结果）/ coordinator person id',
    )
    .option(
      '--reminders <offsets>',
      '截止前提醒 / reminders before the deadline, e.g. 7d,3d,1d',
      csv,
    )
    .option('--contact <unit=person>', '单位联系人 / a unit’s contact person', csv)
    .option('--by <name>', '发起人 / started by', '协调员')
    .action(
      act(
        async (
          s,
          o: {
            id: string;
            title: string;
            unit: string[];
            deadline: string;
            coordinator: string;
            reminders?: string[];
            contact?: string[];
            by: string;
          },
        ) => {
          const contacts = Object.fromEntries(
            (o.contact ?? []).map((pair) => {
              const [unit, person] = pair.split('=');
              if (!unit || !person) throw new InputError(`--contact "${pair}" must be unit=person`);
              return [unit, person];
            }),
          );
          const started = await startCensus(censusContext(await s.context()), {
            id: o.id,
            title: o.title,
            unitIds: o.unit,
            deadline: parseSendAt(o.deadline, s.config().timeZone),
            coordinatorId: o.coordinator,
            reminderOffsets: o.reminders,
            contacts,
            createdBy: o.by,
          });
          return {
            data: started,
            text: [
              `已发起 / started: ${started.workflowId} (${started.units} 个单位 / units)`,
              `Web UI: ${uiLink(s.config(), started.workflowId)}`,
            ],
          };
        },
      ),
    );

  cmd
    .command('status')
    .description('查看普查进度 / show a census’s progress')
    .argument('<id>', '普查编号 / census id')
    .action(
      act(async (s, id: string) => {
        const v = await censusProgress(await s.context(), id);
        return { data: v, text: progressLines(v) };
      }),
    );

  cmd
    .command('submit')
    .description('单位报送名册 / a unit submits its roster (CSV or XLSX)')
    .argument('<id>', '普查编号 / census id')
    .requiredOption('--unit <id>', '单位编号 / unit id')
    .requiredOption('--file <path>', '名册文件 / roster file')
    .option('--strict', '有任何问题则不写入 / write nothing if any row has a problem')
    .option('--by <name>', '报送人 / submitted by', '单位联系人')
    .action(
      act(
        async (s, id: string, o: { unit: string; file: string; strict?: boolean; by: string }) => {
          const r = await submitCensus(censusContext(await s.context()), {
            censusId: id,
            unitId: o.unit,
            file: o.file,
            strict: o.strict === true,
            recordedBy: o.by,
          });
          return {
            data: r,
            text: [`${r.status}`, countsLine(r.import.counts), ...problemLines(r.import.problems)],
            exitCode: r.status.startsWith('not') ? 1 : 0,
          };
        },
      ),
    );
  return cmd;
}

export function buildCli(): Command {
  const program = new Command('yz')
    .description('雁阵 Yanzhen — 社工培养工作流 / workflows for social-work training programs')
    .option('--json', '输出 JSON / machine-readable output')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError: (text, write) => write(`错误 / ${text}`) })
    .showHelpAfterError(false)
    .exitOverride();
  for (const sub of [
    announceCommand(),
    censusCommand(),
    registryCommand(),
    examCommand(),
    courseCommand(),
    cohortCommand(),
    creditsCommand(),
    mentoringCommand(),
    mailCommand(),
    workflowsCommand(),
    historyCommand(),
  ]) {
    program.addCommand(sub);
  }
  // Added subcommands do not inherit these settings: set them on each.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) {
    c.exitOverride()
      .configureOutput(program.configureOutput())
      .configureHelp({ showGlobalOptions: true })
      .helpOption('-h, --help', '帮助 / show help');
    if (c.commands.length) c.helpCommand('help [command]', '帮助 / show help for a command');
  }
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const json = argv.includes('--json');
    const statusCode = isUserError(e) ? httpStatus(e) : 500;
    const message = e instanceof Error ? e.message : String(e);
    if (json) process.stdout.write(`${JSON.stringify({ error: message, statusCode })}\n`);
    else process.stderr.write(`错误 / error: ${message}\n`);
    if (!isUserError(e)) {
      if (process.env.YZ_DEBUG) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
      else process.stderr.write('（设 YZ_DEBUG=1 查看详情 / set YZ_DEBUG=1 for details）\n');
    }
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
