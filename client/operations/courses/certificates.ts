/**
 * A person's completion certificate (结业证书) of a series as a PDF, rendered from the completion
 * record (store/courses/certificate.ts).
 */
import {
  certificateFacts,
  renderCertificate,
  type CertificateFont,
} from '../../../store/courses/certificate';
import { Gone, NotFound } from '../../../common/errors';
import type { CourseContext } from './courseContext';

/** Refused when the person has not completed the series or the completion was revoked. */
export async function completionCertificate(
  ctx: Pick<CourseContext, 'db'>,
  req: { seriesId: string; personId: string; font: CertificateFont },
): Promise<{ fileName: string; contentType: string; bytes: Buffer; certificateNo: string }> {
  const r = await certificateFacts(ctx.db, req.seriesId, req.personId);
  const who = `person ${req.personId}`;
  if (!r.ok && r.reason === 'revoked')
    throw new Gone(
      `${req.personId} 在课程“${req.seriesId}”的结业已于 ${r.revokedAt.toISOString()} 撤销，不出具证书 / the completion of ${who} in "${req.seriesId}" was revoked on ${r.revokedAt.toISOString()}${r.revokedReason ? ` (${r.revokedReason})` : ''}: no certificate`,
    );
  if (!r.ok)
    throw r.reason === 'series'
      ? new NotFound(`没有课程系列“${req.seriesId}” / no course series "${req.seriesId}"`)
      : r.reason === 'person'
        ? new NotFound(`未知人员编号 / unknown person id: ${req.personId}`)
        : new NotFound(
            `${req.personId} 尚未结业课程“${req.seriesId}” / ${who} has not completed "${req.seriesId}"`,
          );
  // A missing font is CertificateFontMissing, an Unavailable (503) of its own.
  const bytes = await renderCertificate(r.facts, req.font);
  return {
    fileName: `结业证书-${req.seriesId}-${req.personId}.pdf`,
    contentType: 'application/pdf',
    bytes,
    certificateNo: r.facts.certificateNo,
  };
}
