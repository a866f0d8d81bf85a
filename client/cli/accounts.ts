/**
 * Accounts on the command line: `yz login|logout|whoami`, `yz user add|list|disable|enable|roles|
 * password` (admin), `yz token create|list|revoke`, `yz audit list` (admin). The same operations
 * as the API's /users, /tokens and /audit; the actor is the CLI's identity (identity.ts).
 */
import { Command, Option } from 'commander';
import { act, csv, outOption, table, written } from './common';
import { currentIdentity, forgetToken, saveToken } from './identity';
import { ROLE_LABELS, ROLES, type Role } from '../../workflows/rules/roles';
import type { UserView } from '../../store/auth/users';
import { InputError } from '../../common/errors';

const who = () => {
  const { db, actor } = currentIdentity();
  return { c: { db }, actor };
};

const roleOption = () =>
  new Option('--role <role>', '角色 / role').choices([...ROLES]).makeOptionMandatory();

function userRow(u: UserView): string[] {
  return [
    u.username,
    u.displayName,
    ROLE_LABELS[u.role],
    u.unitIds.join(',') || '-',
    u.disabled ? '停用 / disabled' : '启用 / active',
  ];
}

/** A password from standard input (first line), so it stays out of the shell's history. */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new InputError('标准输入中没有密码 / no password on standard input');
  return line;
}

export function userCommand(): Command {
  const user = new Command('user').description('用户与角色（管理员）/ users and roles (admin)');
  user
    .command('list')
    .description('列出用户 / list users')
    .action(
      act(async () => {
        const { listUsers } = await import('../operations/accounts/users');
        const { c, actor } = who();
        const users = await listUsers(c, actor);
        return {
          data: users,
          text: table(
            ['用户名 / user', '姓名 / name', '角色 / role', '单位 / units', '状态 / status'],
            users.map(userRow),
          ),
        };
      }),
    );
  user
    .command('add <username>')
    .description('新增用户 / add a user')
    .addOption(roleOption())
    .option('--name <displayName>', '显示名 / display name')
    .option('--unit <ids>', '单位协调员的单位（含下级）/ a unit coordinator’s units', csv)
    .option('--password-stdin', '从标准输入读密码 / read a password from standard input')
    .action(
      act(
        async (
          _s,
          username: string,
          o: { role: Role; name?: string; unit?: string[]; passwordStdin?: boolean },
        ) => {
          const { addUser } = await import('../operations/accounts/users');
          const { c, actor } = who();
          const created = await addUser(c, actor, {
            username,
            role: o.role,
            ...(o.name ? { displayName: o.name } : {}),
            unitIds: o.unit ?? [],
            ...(o.passwordStdin ? { password: await passwordFromStdin() } : {}),
          });
          return { data: created, text: [`已新增 / added: ${userRow(created).join('  ')}`] };
        },
      ),
    );
  user
    .command('roles <username>')
    .description('设置角色与单位范围 / set role and unit scope')
    .addOption(roleOption())
    .option('--unit <ids>', '单位（含下级）/ units, sub-units included', csv)
    .action(
      act(async (_s, username: string, o: { role: Role; unit?: string[] }) => {
        const { setUserRole } = await import('../operations/accounts/users');
        const { c, actor } = who();
        const after = await setUserRole(c, actor, username, o.role, o.unit ?? []);
        return { data: after, text: [`已更新 / updated: ${userRow(after).join('  ')}`] };
      }),
    );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    user
      .command(`${name} <username>`)
      .description(
        disabled
          ? '停用用户（会话与令牌即时失效）/ disable: sessions and tokens stop at once'
          : '启用用户 / enable',
      )
      .action(
        act(async (_s, username: string) => {
          const { setUserDisabled } = await import('../operations/accounts/users');
          const { c, actor } = who();
          const after = await setUserDisabled(c, actor, username, disabled);
          return { data: after, text: [`${userRow(after).join('  ')}`] };
        }),
      );
  user
    .command('password <username>')
    .description('设置密码（从标准输入读）/ set a password, read from standard input')
    .action(
      act(async (_s, username: string) => {
        const { setUserPassword } = await import('../operations/accounts/users');
        const { c, actor } = who();
        await setUserPassword(c, actor, username, await passwordFromStdin());
        return { data: { username }, text: [`已设置密码 / password set: ${username}`] };
      }),
    );
  return user;
}

export function tokenCommand(): Command {
  const token = new Command('token').description('个人令牌 / personal API tokens');
  token
    .command('create <name>')
    .description('创建令牌（只显示一次）/ create a token, shown once')
    .option('--user <username>', '为其他用户创建（管理员）/ for another user (admin)')
    .action(
      act(async (_s, name: string, o: { user?: string }) => {
        const { createToken } = await import('../operations/accounts/tokens');
        const { c, actor } = who();
        const made = await createToken(c, actor, name, o.user);
        return {
          data: { token: made.token, ...made.view },
          text: [
            made.token,
            `令牌只显示这一次 / shown once: use it as YZ_TOKEN=… or Authorization: Bearer …`,
          ],
        };
      }),
    );
  token
    .command('list')
    .description('我的令牌 / your tokens')
    .option('--all', '所有用户的（管理员）/ everyone’s (admin)')
    .action(
      act(async (s, o: { all?: boolean }) => {
        const { listTokens } = await import('../operations/accounts/tokens');
        const { c, actor } = who();
        const list = await listTokens(c, actor, o.all === true);
        return {
          data: list,
          text: table(
            [
              '编号 / id',
              '前缀 / prefix',
              '用户 / user',
              '名称 / name',
              '最近使用 / last used',
              '状态',
            ],
            list.map((t) => [
              t.id,
              t.prefix,
              t.username,
              t.name,
              s.local(t.lastUsedAt),
              t.revokedAt ? '已吊销 / revoked' : '有效 / live',
            ]),
          ),
        };
      }),
    );
  token
    .command('revoke <idOrPrefix>')
    .description('吊销令牌 / revoke a token')
    .action(
      act(async (_s, id: string) => {
        const { revokeToken } = await import('../operations/accounts/tokens');
        const { c, actor } = who();
        const revoked = await revokeToken(c, actor, id);
        return { data: revoked, text: [`已吊销 / revoked: ${revoked.prefix} (${revoked.name})`] };
      }),
    );
  return token;
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('审计记录 / the audit trail (admin)');
  audit
    .command('list')
    .description('审计记录，最新在前 / audit rows, newest first')
    .option('--actor <username>', '操作人 / by this user')
    .option('--action <text>', '操作（前缀）/ action, or its start, e.g. "yz exam"')
    .option('--from <date>', '起始日期 / from (ISO date or date-time)')
    .option('--to <date>', '截止（不含）/ until, exclusive')
    .option('--limit <n>', '条数 / how many', (v) => Number(v), 100)
    .addOption(outOption('写入 CSV / write CSV'))
    .action(
      act(
        async (
          s,
          o: {
            actor?: string;
            action?: string;
            from?: string;
            to?: string;
            limit: number;
            out?: string;
          },
        ) => {
          const { auditCsv, auditList } = await import('../operations/accounts/audit');
          const { c, actor } = who();
          const { out, ...filter } = o;
          if (out) return written(out, await auditCsv(c, actor, filter));
          const rows = await auditList(c, actor, filter);
          return {
            data: rows,
            text: table(
              ['时间 / at', '操作人 / actor', '操作 / action', '对象 / targets', '地址 / from'],
              rows.map((r) => [
                s.local(r.at),
                r.actor,
                r.action,
                r.targets.join(' '),
                r.ip ?? 'cli',
              ]),
            ),
          };
        },
      ),
    );
  return audit;
}

export function loginCommand(): Command {
  return new Command('login')
    .description('登录并为本机保存个人令牌 / sign in and save a personal token for this machine')
    .argument('<username>')
    .option('--password-stdin', '从标准输入读密码 / read the password from standard input')
    .action(
      act(async (s, username: string) => {
        const { openDb } = await import('../../store/db');
        const { loginAccount } = await import('../../store/auth/users');
        const { verifyPassword } = await import('../../store/auth/password');
        const { createToken } = await import('../../store/auth/tokens');
        const { recordAudit } = await import('../../store/audit');
        const { hostname } = await import('node:os');
        const config = s.config();
        const password = await passwordFromStdin();
        const db = await openDb(config.database.url);
        try {
          const account = await loginAccount(db, username);
          const ok = await verifyPassword(password, account?.passwordHash ?? null);
          if (!account || !ok || account.disabled)
            throw new InputError('用户名或密码错误 / wrong username or password');
          const made = await createToken(db, account.actor.userId, `yz login @${hostname()}`);
          const path = saveToken(config, made.token);
          await recordAudit(db, {
            actor: account.actor,
            action: 'yz login',
            targets: [made.view.id],
          });
          return {
            data: { username, tokenId: made.view.id, file: path },
            text: [`已登录 / signed in as ${username}; token saved in ${path} (0600)`],
          };
        } finally {
          await db.$disconnect();
        }
      }),
    );
}

export function logoutCommand(): Command {
  return new Command('logout')
    .description('吊销并删除保存的令牌 / revoke and forget the saved token')
    .action(
      act(async (s) => {
        const { revokeToken } = await import('../operations/accounts/tokens');
        const { c, actor } = who();
        const token = forgetToken(s.config());
        if (!token) return { data: { signedOut: false }, text: ['未保存令牌 / no saved token'] };
        const { digestOf } = await import('../../store/auth/secret');
        const row = await c.db.apiToken.findUnique({ where: { tokenHash: digestOf(token) } });
        if (row) await revokeToken(c, actor, row.id);
        return { data: { signedOut: true }, text: [`已退出 / signed out: ${actor.username}`] };
      }),
    );
}

export function whoamiCommand(): Command {
  return new Command('whoami').description('当前身份 / who the CLI acts as').action(
    act(async () => {
      const { actor } = who();
      return {
        data: actor,
        text: [
          `${actor.username} (${actor.displayName}) ${ROLE_LABELS[actor.role]}${actor.unitIds.length ? ` ${actor.unitIds.join(',')}` : ''}`,
        ],
      };
    }),
  );
}
