/**
 * The course roll for attendance marking (GET /courses/:id/roll), and the participants' public
 * check-in (POST /checkin): a participant has no account, the session's 6-digit code is the
 * proof of being in the room, so that one route needs no login and is rate-limited per address.
 */
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { announcementContext, type YzContext } from '../operations/context';
import { courseRoll } from '../operations/courses/roll';
import { checkIn, participantCheckIn } from '../operations/courses/checkIn';
import { requestScope } from './scope';

const text = { type: 'string', minLength: 1 } as const;

export async function courseRollRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  api.get<{ Params: { id: string } }>(
    '/courses/:id/roll',
    {
      schema: {
        tags: ['courses'],
        summary: '花名册与考勤 / enrolled and waitlisted people, attendance marks',
        params: { type: 'object', required: ['id'], properties: { id: text } },
      },
    },
    async (request) => courseRoll(ctx, request.params.id, await requestScope(ctx.db, request)),
  );
}

/** Registered outside the login guard; its own rate limit keeps codes from being guessed. */
export async function publicCheckInRoutes(app: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = announcementContext(ctx);
  await app.register(async (scope) => {
    await scope.register(rateLimit, { max: 20, timeWindow: '1 minute' });
    scope.post<{ Body: { seriesId: string; sessionId: string; personId: string; code: string } }>(
      '/checkin',
      {
        schema: {
          tags: ['courses'],
          summary: '学员签到（无需登录，凭签到码）/ a participant checks in with the session code',
          security: [],
          body: {
            type: 'object',
            required: ['seriesId', 'sessionId', 'personId', 'code'],
            additionalProperties: false,
            properties: { seriesId: text, sessionId: text, personId: text, code: text },
          },
        },
      },
      async (request) =>
        checkIn(c, request.body, {
          actor: participantCheckIn(request.body.personId),
          ip: request.ip,
        }),
    );
  });
}
