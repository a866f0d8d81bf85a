/**
 * The completion certificate (结业证书) of a course series as a PDF: the person's name, the
 * series, the class hours, the completion date and the certificate number, Chinese first with
 * English beside. Rendered on demand from the completion record (which carries the number), in
 * a CJK font embedded as a subset, so the Chinese text shows and copies correctly everywhere.
 */
import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { Db } from '../db';
import { certificateNumber } from './completionKeys';
import { localParts } from '../../workflows/rules/zonedTime';
import { Unavailable } from '../../common/errors';

export interface CertificateFont {
  /** A font file with CJK glyphs, e.g. Debian's NotoSansCJK-Regular.ttc. */
  path: string;
  /** The PostScript name of the face to use in a collection (.ttc / .otc). */
  name: string;
}

export class CertificateFontMissing extends Unavailable {
  override name = 'CertificateFontMissing';
}

export interface CertificateFacts {
  certificateNo: string;
  personName: string;
  seriesTitle: string;
  hoursTenths: number;
  completedAt: Date;
  timeZone: string;
  issuer: string;
}

export type CertificateLookup =
  | { ok: true; facts: CertificateFacts }
  | { ok: false; reason: 'series' | 'person' | 'not_completed' }
  | { ok: false; reason: 'revoked'; revokedAt: Date; revokedReason: string | null };

/**
 * What the certificate shows, from the completion record. A completion recorded before numbers
 * existed gets its number now (the same one every time).
 */
export async function certificateFacts(
  db: Db,
  seriesId: string,
  personId: string,
): Promise<CertificateLookup> {
  const [series, person, completion] = await Promise.all([
    db.courseSeries.findUnique({ where: { id: seriesId } }),
    db.person.findUnique({ where: { id: personId }, select: { name: true } }),
    db.courseCompletion.findUnique({ where: { seriesId_personId: { seriesId, personId } } }),
  ]);
  if (!series) return { ok: false, reason: 'series' };
  if (!person) return { ok: false, reason: 'person' };
  if (!completion) return { ok: false, reason: 'not_completed' };
  if (completion.revokedAt)
    return {
      ok: false,
      reason: 'revoked',
      revokedAt: completion.revokedAt,
      revokedReason: completion.revokedReason,
    };
  let certificateNo = completion.certificateNo;
  if (!certificateNo) {
    certificateNo = certificateNumber(seriesId, personId, completion.completedAt);
    await db.courseCompletion.update({
      where: { seriesId_personId: { seriesId, personId } },
      data: { certificateNo },
    });
  }
  return {
    ok: true,
    facts: {
      certificateNo,
      personName: person.name,
      seriesTitle: series.title,
      hoursTenths: completion.hoursTenths,
      completedAt: completion.completedAt,
      timeZone: series.timeZone,
      issuer: series.createdBy,
    },
  };
}

const fonts = new Map<string, Promise<Buffer>>();

/** The font's bytes, read once per process; a clear error when the file is not there. */
function fontBytes(font: CertificateFont): Promise<Buffer> {
  let bytes = fonts.get(font.path);
  if (!bytes) {
    bytes = readFile(font.path).catch((e: NodeJS.ErrnoException) => {
      fonts.delete(font.path);
      throw new CertificateFontMissing(
        `缺少证书用的中文字体：无法读取 YZ_CJK_FONT="${font.path}"（${e.code ?? e.message}）；请安装 Debian 的 fonts-noto-cjk，或把 YZ_CJK_FONT 指向 Noto Sans CJK 字体 / ` +
          `the Chinese font for certificates is missing: YZ_CJK_FONT="${font.path}" cannot be read (${e.code ?? e.message}); install Debian's fonts-noto-cjk or point YZ_CJK_FONT at a Noto Sans CJK font`,
      );
    });
    fonts.set(font.path, bytes);
  }
  return bytes;
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The certificate as PDF bytes (A4 landscape). */
export async function renderCertificate(
  facts: CertificateFacts,
  font: CertificateFont,
): Promise<Buffer> {
  const bytes = await fontBytes(font);
  const d = localParts(facts.completedAt, facts.timeZone);
  const dateZh = `${d.year}年${d.month}月${d.day}日`;
  const dateEn = `${d.day} ${MONTHS_EN[d.month - 1]} ${d.year}`;
  const hours = String(facts.hoursTenths / 10);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 72,
    info: {
      Title: `结业证书 Certificate of Completion ${facts.certificateNo}`,
      Author: facts.issuer,
      Subject: facts.seriesTitle,
      CreationDate: facts.completedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    if (/\.(ttc|otc)$/i.test(font.path)) doc.font(bytes, font.name);
    else doc.font(bytes);
  } catch (e) {
    const face = /\.(ttc|otc)$/i.test(font.path) ? ` (face ${font.name})` : '';
    throw new CertificateFontMissing(
      `YZ_CJK_FONT="${font.path}"${face} 不是可用的字体 / ` +
        `YZ_CJK_FONT="${font.path}"${face} is not a usable font: ${(e as Error).message}`,
    );
  }
  const { width, height } = doc.page;
  const inner = width - 2 * 72;
  doc
    .lineWidth(3)
    .rect(28, 28, width - 56, height - 56)
    .stroke('#8b1a1a');
  doc
    .lineWidth(1)
    .rect(36, 36, width - 72, height - 72)
    .stroke('#8b1a1a');
  doc.fillColor('#8b1a1a').fontSize(40).text('结业证书', 72, 78, { width: inner, align: 'center' });
  doc.fontSize(16).text('Certificate of Completion', { width: inner, align: 'center' });
  doc.moveDown(1.5).fillColor('black').fontSize(20);
  doc.text(`${facts.personName} 同志：`, { width: inner });
  doc.moveDown(0.5).fontSize(18);
  doc.text(
    `于 ${dateZh} 完成“${facts.seriesTitle}”课程学习，共计 ${hours} 学时，达到结业要求，特发此证。`,
    { width: inner, indent: 36, lineGap: 6 },
  );
  doc.moveDown(1).fontSize(13).fillColor('#333333');
  doc.text(
    `This is to certify that ${facts.personName} completed the course series “${facts.seriesTitle}” on ${dateEn} with ${hours} class hours, meeting its completion requirements.`,
    { width: inner, lineGap: 3 },
  );
  const bottom = height - 140;
  doc.fillColor('black').fontSize(12);
  doc.text(`证书编号 / Certificate No.: ${facts.certificateNo}`, 72, bottom, { width: inner / 2 });
  doc.text(facts.issuer, 72 + inner / 2, bottom, { width: inner / 2, align: 'right' });
  doc.text(`${dateZh} / ${dateEn}`, { width: inner / 2, align: 'right' });
  doc.end();
  return done;
}
