/**
 * Business keys: the ids coordinators choose for campaigns, series, programs and announcements
 * (room-302, pd-2025). They become part of workflow ids, so they are plain ASCII.
 */
export const BUSINESS_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function isBusinessId(text: string | undefined | null): boolean {
  return BUSINESS_ID.test(text ?? '');
}
