/**
 * The console served by the API server, in Chromium: the SPA answers any /console/ path, and a
 * participant checks in on a phone-sized screen with the session code (no login): a wrong code is
 * refused in words, the right one marks them present.
 */
import { expect, it, vi } from 'vitest';
import { useBrowserStack } from './browserStack';
import { announcementContext } from '../../client/operations/context';
import { createSeries } from '../../client/operations/courses/series';
import { enrol } from '../../client/operations/courses/enrolment';
import { openCheckIn } from '../../client/operations/courses/checkIn';
import { courseWorkflowId } from '../../workflows/courses/signals';

vi.setConfig({ testTimeout: 120_000 });
/** What the page shows after a server round trip, on a loaded machine. */
const UI = { timeout: 20_000 };
const s = useBrowserStack({
  district: { streets: 1, unitsPerStreet: 2, people: 6 },
  apiToken: 'test-token-console-checkin',
});

it('serves the console at any /console/ path and checks a participant in on a phone', async () => {
  const c = announcementContext(s.ctx);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  await createSeries(c, {
    id: 'ck-1',
    title: '签到测试课程',
    coordinatorId: 'p-000001',
    minHours: 1,
    createdBy: 'test',
    sessions: [
      {
        sessionId: 's1',
        title: '第一讲',
        mode: 'offline',
        startsAt: at(-5),
        endsAt: at(55),
        place: '302',
        hours: 1,
        teacher: '王老师',
      },
    ],
  });
  await enrol(c, { seriesId: 'ck-1', personIds: ['p-000002'], enrolledBy: 'test' });
  const { code } = await openCheckIn(c, { seriesId: 'ck-1', sessionId: 's1' });

  const deep = await fetch(`${s.origin}/console/exam/whatever`);
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<div id="root">');

  const { context, page } = await s.newPage('phone');
  try {
    await page.goto('/console/checkin?series=ck-1&session=s1');
    await expect.poll(() => page.inputValue('#seriesId'), UI).toBe('ck-1');
    await page.fill('#personId', 'p-000002');
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: /签到/ }).click();
    await page.getByText('wrong check-in code').waitFor();
    await page.fill('#code', code);
    await page.getByRole('button', { name: /签到/ }).click();
    await page.getByTestId('checked-in').waitFor();
    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  } finally {
    await context.close();
  }
  const mark = await s.sys.tdb.db.courseAttendance.findUnique({
    where: {
      seriesId_sessionId_personId: { seriesId: 'ck-1', sessionId: 's1', personId: 'p-000002' },
    },
  });
  expect(mark).toMatchObject({ status: 'present', source: 'checkin' });
  await s.sys.stack.client.workflow.getHandle(courseWorkflowId('ck-1')).terminate('test over');
});
