/**
 * Notice templates. Chinese (zh-CN) first; English beside it in the same message, or first for
 * people whose locale is en. Each template names the values it needs; the notice activity loads
 * them (from ids in the params) right before rendering, so workflow histories carry ids only.
 */
import type { Db } from '../db';
import { fill } from './render';

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

const FOOTER_ZH = '—— {senderName} · 雁阵 Yanzhen\n（本邮件由系统自动发送，请勿直接回复。）';
const FOOTER_EN =
  '— {senderName} · Yanzhen\n(This message was sent automatically; please do not reply.)';

export const announcementTemplate: NoticeTemplate = {
  key: 'announcement',
  async load(db, params) {
    const id = params.announcementId;
    if (!id) throw new Error('announcement notice needs params.announcementId');
    const a = await db.announcement.findUnique({ where: { id } });
    if (!a) throw new Error(`announcement "${id}" does not exist`);
    return {
      title: a.title,
      body: a.body,
      titleEn: a.titleEn ?? a.title,
      bodyEn: a.bodyEn ?? '(Please see the Chinese text above.)',
      senderName: a.createdBy,
    };
  },
  subject: { 'zh-CN': '【通知】{title}', en: '[Notice] {titleEn}' },
  body: {
    'zh-CN': '{name}，您好：\n\n{body}\n\n' + FOOTER_ZH,
    en: 'Dear {name},\n\n{bodyEn}\n\n' + FOOTER_EN,
  },
};

export const templates: Record<string, NoticeTemplate> = {
  [announcementTemplate.key]: announcementTemplate,
};

export function templateFor(key: string): NoticeTemplate {
  const t = templates[key];
  if (!t)
    throw new Error(`no notice template "${key}" (known: ${Object.keys(templates).join(', ')})`);
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
