/**
 * Notice templates. Chinese (zh-CN) first; English beside it in the same message, or first for
 * people whose locale is en. Each template names the values it needs; the notice activity loads
 * them (from ids in the params) right before rendering, so workflow histories carry ids only.
 */
import type { Db } from '../../store/db';
import { fill } from './render';
import { FOOTER_EN, FOOTER_ZH } from './footer';
import { loadedBy } from './loadedBy';
import { formatLocal } from '../../workflows/rules/zonedTime';
import { courseTemplates } from './courseTemplates';
import { mentoringTemplates } from './mentoringTemplates';
import { examTemplates } from './examTemplates';

export type Locale = 'zh-CN' | 'en';

export interface RenderedNotice {
  subject: string;
  text: string;
}

export interface NoticeTemplate {
  key: string;
  /** Loads the values the texts use, from the params' ids (one query per batch, not per person). */
  load(db: Db, params: Record<string, string>): Promise<Record<string, string>>;
  subject: Record<Locale, string>;
  body: Record<Locale, string>;
}

/** A text that opens with its own greeting (`{name}，您好！`, `尊敬的…`, `各位同事：`). */
const GREETS_ZH = /^\s*(\{name\}\s*[，,]?\s*(您好|你好)|尊敬的|亲爱的|各位)/;
const GREETS_EN = /^\s*(dear|hello|hi)\b/i;

export const announcementTemplate: NoticeTemplate = {
  key: 'announcement',
  async load(db, params) {
    const id = params.announcementId;
    if (!id)
      throw new Error(
        '通知缺少 params.announcementId / announcement notice needs params.announcementId',
      );
    const a = await db.announcement.findUnique({ where: { id } });
    if (!a) throw new Error(`通知“${id}”不存在 / announcement "${id}" does not exist`);
    const bodyEn = a.bodyEn ?? '(Please see the Chinese text above.)';
    return {
      title: a.title,
      body: a.body,
      titleEn: a.titleEn ?? a.title,
      bodyEn,
      senderName: a.createdBy,
      // The message greets once: not again when the coordinator's text opens with a greeting.
      greeting: GREETS_ZH.test(a.body) ? '' : '{name}，您好：\n\n',
      greetingEn: GREETS_EN.test(bodyEn) ? '' : 'Dear {name},\n\n',
    };
  },
  subject: { 'zh-CN': '【通知】{title}', en: '[Notice] {titleEn}' },
  body: {
    'zh-CN': '{greeting}{body}\n\n' + FOOTER_ZH,
    en: '{greetingEn}{bodyEn}\n\n' + FOOTER_EN,
  },
};

/** Values every census notice uses: the campaign, its deadline, and the unit when one is named. */
async function loadCensus(db: Db, params: Record<string, string>): Promise<Record<string, string>> {
  const c = await db.censusCampaign.findUnique({ where: { id: params.censusId ?? '' } });
  if (!c)
    throw new Error(`普查“${params.censusId}”不存在 / census "${params.censusId}" does not exist`);
  const unit = params.unitId
    ? await db.organisation.findUnique({ where: { id: params.unitId } })
    : null;
  if (params.unitId && !unit)
    throw new Error(`单位“${params.unitId}”不存在 / unit "${params.unitId}" does not exist`);
  const summary = c.summary ? (JSON.parse(c.summary) as Record<string, number>) : {};
  const lateUnits = await db.censusCampaignUnit.findMany({
    where: { censusId: c.id, status: 'late' },
    include: { unit: { select: { name: true } } },
    orderBy: { unitId: 'asc' },
  });
  return {
    censusId: c.id,
    censusTitle: c.title,
    deadline: formatLocal(c.deadline, c.timeZone),
    unitName: unit?.name ?? '',
    unitId: unit?.id ?? '',
    units: String(summary.units ?? 0),
    reported: String(summary.reported ?? 0),
    late: String(summary.late ?? 0),
    rows: String(summary.rows ?? 0),
    lateUnits: lateUnits.map((u) => u.unit.name).join('、') || '无 / none',
    senderName: c.createdBy,
  };
}

const SUBMIT_HINT =
  'npm run yz -- census submit {censusId} --unit {unitId} --file <名册 roster>.xlsx';

const censusTemplate = loadedBy(loadCensus);

export const censusTemplates = [
  censusTemplate(
    'census-request',
    {
      'zh-CN': '【人才资源库普查】请于{deadline}前报送{unitName}社工人才信息',
      en: '[Talent census] {unitName}: please report by {deadline}',
    },
    {
      'zh-CN': `{name}，您好：\n\n“{censusTitle}”已启动。请于{deadline}前报送{unitName}的社会工作人才名册（姓名、岗位、证书等级、取证日期、专长、培训学时等）。\n提交方式：${SUBMIT_HINT}\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\n"{censusTitle}" has started. Please send the social-work talent roster of {unitName} by {deadline} (Asia/Shanghai time unless stated).\nTo submit: ${SUBMIT_HINT}\n\n${FOOTER_EN}`,
    },
  ),
  censusTemplate(
    'census-reminder',
    {
      'zh-CN': '【提醒】{unitName}尚未报送人才信息，截止{deadline}',
      en: '[Reminder] {unitName} has not reported yet; due {deadline}',
    },
    {
      'zh-CN': `{name}，您好：\n\n“{censusTitle}”中，{unitName}尚未报送社工人才名册，截止时间为{deadline}，请尽快提交。\n提交方式：${SUBMIT_HINT}\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\n{unitName} has not yet reported for "{censusTitle}". The deadline is {deadline}.\nTo submit: ${SUBMIT_HINT}\n\n${FOOTER_EN}`,
    },
  ),
  censusTemplate(
    'census-escalation',
    {
      'zh-CN': '【逾期】{unitName}未按期报送人才信息',
      en: '[Overdue] {unitName} did not report by the deadline',
    },
    {
      'zh-CN': `{name}，您好：\n\n“{censusTitle}”截止时间{deadline}已过，{unitName}（{unitId}）仍未报送，请跟进。\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\nThe deadline of "{censusTitle}" ({deadline}) has passed and {unitName} ({unitId}) has not reported. Please follow up.\n\n${FOOTER_EN}`,
    },
  ),
  censusTemplate(
    'census-report',
    {
      'zh-CN': '【普查结果】{censusTitle}：{reported}/{units}个单位已报送',
      en: '[Census result] {censusTitle}: {reported} of {units} units reported',
    },
    {
      'zh-CN': `{name}，您好：\n\n“{censusTitle}”已结束：共{units}个单位，按期报送{reported}个，逾期{late}个（{lateUnits}），报送名册共{rows}行。\n详细报表：npm run yz -- census report {censusId}\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\n"{censusTitle}" has closed: {reported} of {units} units reported on time, {late} late ({lateUnits}); {rows} roster rows in all.\nDetails: npm run yz -- census report {censusId}\n\n${FOOTER_EN}`,
    },
  ),
];

export const templates: Record<string, NoticeTemplate> = Object.fromEntries(
  [
    announcementTemplate,
    ...censusTemplates,
    ...courseTemplates,
    ...mentoringTemplates,
    ...examTemplates,
  ].map((t) => [t.key, t]),
);

export function templateFor(key: string): NoticeTemplate {
  const t = templates[key];
  if (!t)
    throw new Error(
      `没有通知模板“${key}” / no notice template "${key}" (known: ${Object.keys(templates).join(', ')})`,
    );
  return t;
}

/**
 * Renders a notice: the reader's language first, the other beside it.
 * Values are expanded twice so a coordinator's text may itself use {name}.
 */
export function renderNotice(
  t: NoticeTemplate,
  locale: Locale,
  values: Record<string, string>,
): RenderedNotice {
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const expand = (text: string) => fill(t.key, fill(t.key, text, values), values);
  return {
    subject: expand(t.subject[locale]),
    text: `${expand(t.body[locale])}\n\n────────\n\n${expand(t.body[other])}\n`,
  };
}
