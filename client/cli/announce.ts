/**
 * `yz announce …` (通知): send an announcement, follow its progress, cancel it, list them.
 */
import { cliScope } from './identity';
import { Command } from 'commander';
import {
  announcementStatus,
  cancelAnnouncement,
  createAnnouncement,
  listAnnouncements,
  ROLES,
  waitForAnnouncement,
  type AnnouncementStatusView,
} from '../operations/announcements/announcements';
import { announcementContext } from '../operations/context';
import {
  act,
  actorOption,
  count,
  csv,
  parseSendAt,
  peopleOption,
  table,
  uiLink,
  unitsOption,
  type Session,
} from './common';
import { withProgress } from './progress';

function statusLines(s: Session, v: AnnouncementStatusView): string[] {
  const lines = [
    `${v.id}  ${v.title}`,
    `状态 / status: ${v.status}`,
    `已发送 / sent: ${v.sent}/${v.recipients}   失败 / failed: ${v.failed}`,
  ];
  if (v.cancelledBy) lines.push(`已取消 / cancelled: ${v.cancelledBy}, ${s.local(v.cancelledAt)}`);
  else if (v.live?.waitingUntil)
    lines.push(`等待至 / waiting until: ${s.local(v.live.waitingUntil)}`);
  lines.push(`工作流 / workflow: ${v.workflowId}`);
  return lines;
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

export function announceCommand(): Command {
  const announce = new Command('announce').description('通知 / announcements');

  announce
    .command('send')
    .description('发送通知 / send an announcement')
    .requiredOption('--id <id>', '通知编号 / announcement id (a business key, e.g. room-302)')
    .requiredOption('--title <text>', '标题 / title (zh-CN)')
    .requiredOption('--body <text>', '正文 / body (zh-CN); {name} becomes each person’s name')
    .option('--title-en <text>', '英文标题 / English title')
    .option('--body-en <text>', '英文正文 / English body')
    .addOption(peopleOption())
    .addOption(unitsOption('单位编号（含下级）/ unit ids, sub-units included'))
    .option('--role <roles>', `角色 / roles: ${ROLES.join(', ')}`, csv)
    .option('--at <time>', '发送时间 / send time, ISO 8601; no offset → YZ_TIME_ZONE (default now)')
    .addOption(actorOption('发起人 / sent by'))
    .option('--wait', '等待完成并显示进度 / wait until done, showing progress')
    .action(
      act(async (s, o: SendOptions) => {
        // A bad --at is refused before any connection is opened.
        const sendAt =
          o.at === undefined ? undefined : parseSendAt(o.at, s.config().timeZone, '--at');
        const ctx = await s.context();
        const started = await createAnnouncement(announcementContext(ctx), {
          id: o.id,
          title: o.title,
          body: o.body,
          titleEn: o.titleEn,
          bodyEn: o.bodyEn,
          audience: { personIds: o.person, unitIds: o.unit, roles: o.role },
          sendAt,
          createdBy: o.by,
        });
        const url = uiLink(s.config(), started.workflowId);
        const text = [
          `已开始 / started: ${started.workflowId}`,
          `收件人 / recipients: ${started.recipients}`,
          `发送时间 / send at: ${s.local(started.sendAt)}`,
          `Web UI: ${url}`,
        ];
        if (!o.wait) return { data: { ...started, url }, text };
        if (!s.json) process.stdout.write(`${text.join('\n')}\n`);
        // Progress on one terminal line (none with --json or off a terminal).
        const final = await withProgress(s.json, (say) =>
          waitForAnnouncement(announcementContext(ctx), o.id, say),
        );
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
        const v = await announcementStatus(await s.context(), id, await cliScope());
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
    .addOption(actorOption('取消人 / cancelled by'))
    .action(
      act(async (s, id: string, o: { by: string }) => {
        const v = await cancelAnnouncement(await s.context(), id, o.by);
        return { data: v, text: statusLines(s, v) };
      }),
    );

  announce
    .command('list')
    .description('列出通知 / list announcements, newest first')
    .option('--limit <n>', '条数 / how many (1–1000)', count, 50)
    .action(
      act(async (s, o: { limit: number }) => {
        const items = await listAnnouncements(await s.store(), { limit: o.limit });
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
