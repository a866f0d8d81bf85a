/**
 * `yz`, the coordinators' and admins' command line, built from one command group per file:
 * announcements (announce.ts), the talent census (census.ts), the registry (registry.ts), exams,
 * courses, mentoring, people and units (people.ts), the mail sink (mail.ts), workflows and their
 * histories (workflows.ts). Every command prints readable text, or JSON with `--json`.
 * A user's mistake prints one line (`错误 / error: …`) and exits 1.
 *
 * Start-up stays light: the root's help lists the groups from the table below, and a group's
 * module (with the operations, Prisma and Temporal behind it) is imported only when it runs.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { httpStatus, isUserError as isYzError } from '../../common/errors';

/** A command group: its name and description for the root's help, and how to load it. */
export interface Group {
  name: string;
  description: string;
  load(): Promise<Command>;
}

export const GROUPS: readonly Group[] = [
  {
    name: 'announce',
    description: '通知 / announcements',
    load: async () => (await import('./announce')).announceCommand(),
  },
  {
    name: 'census',
    description: '人才资源库普查 / talent census: units report their people by a deadline',
    load: async () => (await import('./census')).censusCommand(),
  },
  {
    name: 'registry',
    description:
      '人才资源库：名册导入导出与统计 / the talent registry: roster import, export and reports',
    load: async () => (await import('./registry')).registryCommand(),
  },
  {
    name: 'person',
    description: '人员查询 / people: search by name, unit, role, certificate level',
    load: async () => (await import('./people')).personCommand(),
  },
  {
    name: 'unit',
    description: '单位 / units: the organisation tree',
    load: async () => (await import('./people')).unitCommand(),
  },
  {
    name: 'org',
    description:
      '组织架构：导入、导出、查看、增改移撤 / the organisation tree: import, export, list, add, rename, move, close',
    load: async () => (await import('./org')).orgCommand(),
  },
  {
    name: 'vocab',
    description:
      '词表：专长、岗位、证书等级、单位类型 / vocabularies: specialties, roles, levels, unit kinds',
    load: async () => (await import('./vocab')).vocabCommand(),
  },
  {
    name: 'exam',
    description: '报考动员 / exam mobilization: invitations, registration, results, certificates',
    load: async () => (await import('./exam')).examCommand(),
  },
  {
    name: 'course',
    description: '课程系列 / course series: sessions, enrolment, reminders, attendance, completion',
    load: async () => (await import('./course')).courseCommand(),
  },
  {
    name: 'cohort',
    description:
      '培养梯队 / cohort programs (雏雁 new hires, 头雁 leaders): members, series, progress',
    load: async () => (await import('./cohort')).cohortCommand(),
  },
  {
    name: 'credits',
    description: '继续教育学时台账 / continuing-education ledgers over registration periods',
    load: async () => (await import('./credits')).creditsCommand(),
  },
  {
    name: 'mentoring',
    description: '督导孵化与高级社工师辅导 / supervisor incubation and senior-exam coaching',
    load: async () => (await import('./mentoring')).mentoringCommand(),
  },
  {
    name: 'mail',
    description: '邮件箱（本地 SMTP 收件夹）/ the local SMTP sink’s mail',
    load: async () => (await import('./mail')).mailCommand(),
  },
  {
    name: 'user',
    description: '用户与角色（管理员）/ users and roles (admin)',
    load: async () => (await import('./accounts')).userCommand(),
  },
  {
    name: 'token',
    description: '个人令牌 / personal API tokens',
    load: async () => (await import('./accounts')).tokenCommand(),
  },
  {
    name: 'audit',
    description: '审计记录 / the audit trail (admin)',
    load: async () => (await import('./accounts')).auditCommand(),
  },
  {
    name: 'login',
    description: '登录并为本机保存个人令牌 / sign in and save a personal token for this machine',
    load: async () => (await import('./accounts')).loginCommand(),
  },
  {
    name: 'logout',
    description: '吊销并删除保存的令牌 / revoke and forget the saved token',
    load: async () => (await import('./accounts')).logoutCommand(),
  },
  {
    name: 'whoami',
    description: '当前身份 / who the CLI acts as',
    load: async () => (await import('./accounts')).whoamiCommand(),
  },
  {
    name: 'backup',
    description: '备份数据库（管理员）/ back up the database while the system runs (admin)',
    load: async () => (await import('./backup')).backupCommand(),
  },
  {
    name: 'restore',
    description: '从备份恢复数据库（管理员）/ restore the database from a backup (admin)',
    load: async () => (await import('./backup')).restoreCommand(),
  },
  {
    name: 'workflows',
    description: '查找工作流 / find workflows (Temporal visibility)',
    load: async () => (await import('./workflows')).workflowsCommand(),
  },
  {
    name: 'history',
    description: '工作流经过（业务用语）/ what happened in a workflow, in business words',
    load: async () => (await import('./workflows')).historyCommand(),
  },
];

/** The file in examples/ to copy for each command that reads one (examples/README.md). */
export const EXAMPLES: Record<string, string> = {
  'registry import': 'examples/roster.csv, examples/roster-shanghai.csv (--create-units)',
  'org import': 'examples/organisation.csv',
  'exam start': 'examples/exam-campaign.json',
  'exam preview': 'examples/exam-campaign.json',
  'exam register': 'examples/exam-registered.csv',
  'exam results': 'examples/exam-results.csv',
  'course create': 'examples/course-sessions.csv',
  'course import': 'examples/sign-in-sheet.csv',
};

/** The group an argument list runs (`yz [--json] <group> …`, `yz help <group>`), if any. */
export function groupOf(args: string[]): Group | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return GROUPS.find((g) => g.name === name);
}

/**
 * The program with every group: `load` names the groups to import in full (default all); the
 * others are placeholders carrying only their name and description, enough for the root's help.
 */
export async function buildCli(load: (g: Group) => boolean = () => true): Promise<Command> {
  const program = new Command('yz')
    .description('雁阵 Yanzhen — 社工培养工作流 / workflows for social-work training programs')
    .option('--json', '输出 JSON / machine-readable output')
    .addHelpText('after', '\n示例文件 / example files: examples/（见 / see examples/README.md）\n')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError: (text, write) => write(`错误 / ${text}`) })
    .showHelpAfterError(false)
    .exitOverride()
    // Who acts (identity.ts): resolved before a command, its audit row after it succeeded.
    .hook('preAction', async (_root, command) =>
      (await import('./identity')).beforeCommand(command),
    )
    .hook('postAction', async (_root, command) =>
      (await import('./identity')).afterCommand(command),
    );
  for (const g of GROUPS) {
    program.addCommand(load(g) ? await g.load() : new Command(g.name).description(g.description));
  }
  // Added subcommands do not inherit these settings: set them on each.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) {
    const example = EXAMPLES[`${c.parent?.name()} ${c.name()}`];
    if (example) c.addHelpText('after', `\n示例文件 / example file: ${example}\n`);
    c.exitOverride()
      .configureOutput(program.configureOutput())
      .configureHelp({ showGlobalOptions: true })
      .helpOption('-h, --help', '帮助 / show help');
    if (c.commands.length) c.helpCommand('help [command]', '帮助 / show help for a command');
  }
  return program;
}

/** The vocabulary's errors, and commander's for a bad option value. */
function isUserError(e: unknown): e is Error {
  return isYzError(e) || e instanceof InvalidArgumentError;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const chosen = groupOf(argv.slice(2));
    const program = await buildCli((g) => g === chosen);
    try {
      await program.parseAsync(argv);
    } finally {
      await (await import('./identity')).closeIdentity();
    }
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const json = argv.includes('--json');
    const statusCode = isUserError(e) ? httpStatus(e) : 500;
    const message = e instanceof Error ? e.message : String(e);
    if (json) process.stdout.write(`${JSON.stringify({ error: message, statusCode })}\n`);
    else process.stderr.write(`错误 / error: ${message}\n`);
    if (!isUserError(e)) {
      const { settings } = await import('../../config/env');
      if (settings().debug) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
      else process.stderr.write('（设 YZ_DEBUG=1 查看详情 / set YZ_DEBUG=1 for details）\n');
    }
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
