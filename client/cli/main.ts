/**
 * `yz`, the coordinators' and admins' command line, built from one command group per file:
 * announcements (announce.ts), the talent census (census.ts), the registry (registry.ts), exams,
 * courses, mentoring, the mail sink (mail.ts), workflows and their histories (workflows.ts).
 * Every command prints readable text, or JSON with `--json`.
 * A user's mistake prints one line (`错误 / error: …`) and exits 1.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { isUserError, parseSendAt } from './common';
import { announceCommand } from './announce';
import { censusCommand } from './census';
import { registryCommand } from './registry';
import { examCommand } from './exam';
import { courseCommand } from './course';
import { cohortCommand } from './cohort';
import { creditsCommand } from './credits';
import { mentoringCommand } from './mentoring';
import { mailCommand } from './mail';
import { historyCommand, workflowsCommand } from './workflows';
import { httpStatus } from '../../common/errors';
import { settings } from '../../config/env';

export { parseSendAt };

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
      if (settings().debug) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
      else process.stderr.write('（设 YZ_DEBUG=1 查看详情 / set YZ_DEBUG=1 for details）\n');
    }
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
