/**
 * Notice templates that share one loader (the census's, the exam campaign's): a maker of them,
 * in a module of its own so the template lists can use it while templates.ts imports them.
 */
import type { Locale, NoticeTemplate } from './templates';

/** `const examTemplate = loadedBy(loadExam)`, then `examTemplate(key, subject, body)`. */
export const loadedBy =
  (load: NoticeTemplate['load']) =>
  (key: string, subject: Record<Locale, string>, body: Record<Locale, string>): NoticeTemplate => ({
    key,
    load,
    subject,
    body,
  });
