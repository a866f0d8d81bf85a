/**
 * `yz vocab …`: the registry's vocabularies as data — specialties (专长), roles (岗位), certificate
 * levels (证书等级, with CE hours) and organisation kinds (单位类型).
 */
import { Command } from 'commander';
import * as vocab from '../operations/org/vocabulary';
import { act, actorOption, csv, number, table } from './common';

const VOCABS = 'specialty 专长 | role 岗位 | cert_level 证书等级 | org_kind 单位类型';

export function vocabCommand(): Command {
  const cmd = new Command('vocab').description(
    '词表：专长、岗位、证书等级、单位类型 / vocabularies: specialties, roles, levels, unit kinds',
  );

  cmd
    .command('list')
    .description('列出词表及使用数 / list the terms and how many records use each')
    .argument('[vocabulary]', VOCABS)
    .action(
      act(async (s, name: string | undefined) => {
        const lists = await vocab.listVocabularies(
          await s.store(),
          name !== undefined ? { name } : {},
        );
        return {
          data: lists,
          text: lists.flatMap((l) => [
            `${l.what.zh} / ${l.what.en} (${l.name}):`,
            ...table(
              [
                '代码 code',
                '中文 zh',
                'English',
                '同义词 synonyms',
                '使用 used',
                ...(l.name === 'cert_level' ? ['学时 CE hours'] : []),
              ],
              l.terms.map((t) => [
                t.code,
                t.zh,
                t.en,
                t.synonyms.join('、') || '-',
                String(t.used),
                ...(l.name === 'cert_level' ? [String(t.ceHours ?? '-')] : []),
              ]),
            ).map((line) => `  ${line}`),
            '',
          ]),
        };
      }),
    );

  cmd
    .command('add')
    .description('新增词条 / add a term, e.g. yz vocab add specialty community_correction 社区矫正')
    .argument('<vocabulary>', VOCABS)
    .argument('<code>', '代码（小写英文）/ code, lower-case, e.g. community_correction')
    .argument('<zh>', '中文名称 / Chinese label')
    .option('--en <label>', '英文名称 / English label')
    .option(
      '--synonym <words>',
      '同义词，逗号分隔 / other words offices write, comma-separated',
      csv,
    )
    .option(
      '--ce-hours <hours>',
      '证书等级的继续教育学时 / CE hours per period (certificate levels)',
      number('--ce-hours'),
    )
    .addOption(actorOption())
    .action(
      act(
        async (
          s,
          vocabulary: string,
          code: string,
          zh: string,
          o: { en?: string; synonym?: string[]; ceHours?: number; by: string },
        ) => {
          const t = await vocab.addVocabularyTerm(await s.store(), {
            vocabulary,
            code,
            zh,
            ...(o.en !== undefined ? { en: o.en } : {}),
            ...(o.synonym ? { synonyms: o.synonym } : {}),
            ...(o.ceHours !== undefined ? { ceHours: o.ceHours } : {}),
            by: o.by,
          });
          return { data: t, text: [`已新增 / added: ${t.zh} ${t.code}`] };
        },
      ),
    );

  cmd
    .command('rename')
    .description(
      '改词条名称或同义词（代码不变）/ change a term’s labels or synonyms (the code stays)',
    )
    .argument('<vocabulary>', VOCABS)
    .argument('<code>', '代码 / code')
    .option('--zh <label>', '新中文名称 / new Chinese label')
    .option('--en <label>', '新英文名称 / new English label')
    .option(
      '--synonym <words>',
      '同义词（替换原有），逗号分隔 / synonyms (replace), comma-separated',
      csv,
    )
    .option(
      '--ce-hours <hours>',
      '继续教育学时 / CE hours (certificate levels)',
      number('--ce-hours'),
    )
    .addOption(actorOption())
    .action(
      act(
        async (
          s,
          vocabulary: string,
          code: string,
          o: { zh?: string; en?: string; synonym?: string[]; ceHours?: number; by: string },
        ) => {
          const t = await vocab.renameVocabularyTerm(await s.store(), {
            vocabulary,
            code,
            ...(o.zh !== undefined ? { zh: o.zh } : {}),
            ...(o.en !== undefined ? { en: o.en } : {}),
            ...(o.synonym ? { synonyms: o.synonym } : {}),
            ...(o.ceHours !== undefined ? { ceHours: o.ceHours } : {}),
            by: o.by,
          });
          return { data: t, text: [`已更改 / changed: ${t.zh} ${t.code} (${t.en})`] };
        },
      ),
    );

  cmd
    .command('remove')
    .description('删除未被使用的自建词条 / remove a district’s own term that no record uses')
    .argument('<vocabulary>', VOCABS)
    .argument('<code>', '代码 / code')
    .action(
      act(async (s, vocabulary: string, code: string) => {
        const r = await vocab.removeVocabularyTerm(await s.store(), { vocabulary, code });
        return { data: r, text: [`已删除 / removed: ${r.removed}`] };
      }),
    );
  return cmd;
}
