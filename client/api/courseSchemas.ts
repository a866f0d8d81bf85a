/**
 * JSON schema pieces the course, cohort and credits routes share (client/api/courses.ts,
 * cohorts.ts, credits.ts).
 */
export const text = { type: 'string', minLength: 1 } as const;
export const format = { type: 'string', enum: ['xlsx', 'csv'] } as const;
export const ids = { type: 'array', items: text } as const;
export const seriesParams = { type: 'object', required: ['id'], properties: { id: text } } as const;
export const sessionParams = {
  type: 'object',
  required: ['id', 'sessionId'],
  properties: { id: text, sessionId: text },
} as const;
export const personParams = {
  type: 'object',
  required: ['personId'],
  properties: { personId: text },
} as const;
export const obj = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

/** Route parameters by name (all strings). */
export type P<T = Record<string, string>> = { Params: T };
