/**
 * A date-time field in a request body: any text here, read strictly by the operation
 * (workflows/rules/timeInput.ts), so an impossible value is a 400 naming the field in Chinese and
 * English, and a time without a zone is read in the program's zone.
 */
export const LOCAL_OR_ISO =
  '"2026-12-13 09:00" (program zone) or ISO 8601 with an offset, e.g. "2026-12-13T09:00:00+08:00"';

export const dateTimeField = { type: 'string', minLength: 1, description: LOCAL_OR_ISO } as const;
