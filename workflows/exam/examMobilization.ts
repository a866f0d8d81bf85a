/**
 * Exam mobilization campaign (报考动员, Pudong 一抓), workflow exam-mobilization/<campaignId>.
 *
 * v2 (the patch `exam-campaign-v2`, see campaignVersion below), built to hold at 8,055 people
 * and beyond:
 *  - One journey per person (examJourney.ts, an independent workflow, not a child: never 2,000
 *    pending children) holds that person's state: registration, prep courses and sprint class,
 *    withdrawal, results, completion record. It sends nothing.
 *  - Every broadcast notice is a campaign-level wave sent from here, like an announcement: the
 *    invitation page by page at launch, registration reminders, the window's close, a reminder
 *    the day before each exam day, and the results. A timed wave is first queued in the outbox
 *    all at once (one activity writes a pending notice per person whose status still calls for
 *    it), then sent in batches of 100 with 4 in flight (a sliding window); each batch re-checks
 *    the status at send time, and every notice is keyed per person and wave, so a retry or a
 *    restarted worker never sends twice. Lateness = the due instant → the notice queued.
 *  - Launch invites everyone first (invitations are what people wait for), then starts the
 *    journeys page by page; a registration that comes before its journey starts it (client).
 *  - Controls by signal: pause/resume (nothing is sent or launched while paused; waves that fell
 *    due go out on resume), add people (invited and given journeys), cancel (no further notices;
 *    open journeys end as cancelled), results imported (results waves; journeys told).
 *  - The history stays small: a page or a batch is one activity, and the run continues as new
 *    when Temporal suggests it, carrying its state (the wave plan is computed once).
 *  - Query `examCampaignProgress` for live progress; KPIs are kept in ExamCampaignKpi.
 *
 * v1 (runs started before v2): resolves the cohort page by page and starts one journey per
 * person, which sends its own notices; the run ends when all are started.
 */
import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { activityOptions, retryBackoff } from '../activityOptions';
import { businessSteps } from '../searchAttributes';
import { chunk, inWindow, taskWindow } from '../rules/chunk';
import { examDays, planWaves } from '../rules/examWaves';
import { nextSendableTime } from '../rules/quietHours';
import {
  examCampaignAddSignal,
  examCampaignCancelSignal,
  examCampaignLaunchQuery,
  examCampaignPauseSignal,
  examCampaignProgressQuery,
  examCampaignResultsSignal,
  examCampaignResumeSignal,
  examCampaignWorkflowId,
  type CampaignProgress,
  type CampaignState,
  type ExamMobilizationInput,
} from './signals';

const acts = proxyActivities<Activities>(
  activityOptions('5 minutes', { retry: retryBackoff('2 seconds', '5 minutes') }),
);
const { resolveAudiencePage, startExamJourneys } = acts;

/** v2: bulk steps of seconds; a worker that dies in one is noticed within a minute. */
const bulk = proxyActivities<Activities>(
  activityOptions('1 minute', { retry: retryBackoff('1 second', '1 minute') }),
);
/** v2: signalling thousands of journeys heartbeats as it goes. */
const { tellExamJourneys } = proxyActivities<Activities>(
  activityOptions('30 minutes', {
    heartbeatTimeout: '30 seconds',
    retry: retryBackoff('2 seconds', '5 minutes'),
  }),
);

/**
 * v2 with the patch `exam-journey-starts-heartbeat`: a page of journey starts heartbeats its
 * progress, so a retry resumes where the last attempt stopped; a busy Temporal server may make a
 * page take minutes (at 8,055 people the one-minute page timed out on every retry).
 */
const journeyStarts = proxyActivities<Activities>(
  activityOptions('15 minutes', {
    heartbeatTimeout: '30 seconds',
    retry: retryBackoff('1 second', '1 minute'),
  }),
);

const { sendExamWave } = proxyActivities<Activities>(
  // A batch heartbeats as it sends; a worker that died is noticed within this and retried.
  activityOptions('2 minutes', { heartbeatTimeout: '10 seconds' }),
);

const PAGES_PER_RUN = 20;
/** How long after the last exam day the campaign waits for results before it closes. */
const RESULTS_WAIT_MS = 200 * 86_400_000;

/**
 * The campaign's version, by one mechanism: the patch `exam-campaign-v2`. A new run records the
 * patch and runs v2; a run started before it replays without the marker and stays v1. Two
 * inputs only carry a version already decided: `resume` (a v1 run continued as new) and `state`
 * (a v2 run continued as new). `version: 2` is a legacy marker of v2 runs started before the
 * patch existed (their histories have no marker); new code never sets it.
 */
function campaignVersion(input: ExamMobilizationInput): 1 | 2 {
  if (input.version === 2 || input.state) return 2;
  if (input.resume) return 1;
  return patched('exam-campaign-v2') ? 2 : 1;
}

export async function examMobilization(
  input: ExamMobilizationInput,
): Promise<{ launched: number; status?: string }> {
  if (campaignVersion(input) === 2) return campaignV2(input);
  let launched = input.resume?.launched ?? 0;
  let done = false;
  setHandler(examCampaignLaunchQuery, () => ({ launched, done }));
  let cursor = input.resume?.cursor;
  for (let page = 0; ; page++) {
    if (cursor !== undefined && (page === PAGES_PER_RUN || workflowInfo().continueAsNewSuggested)) {
      return await continueAsNew<typeof examMobilization>({
        ...input,
        resume: { cursor, launched },
      });
    }
    const { personIds, nextCursor } = await resolveAudiencePage({
      audience: input.cohort,
      cursor,
      pageSize: input.pageSize ?? 500,
    });
    const r = await startExamJourneys({
      base: { ...input.journey, campaignId: input.campaignId },
      personIds,
    });
    launched += r.started + r.alreadyRunning;
    if (nextCursor === undefined) break;
    cursor = nextCursor;
  }
  done = true;
  return { launched };
}

class Cancelled extends Error {}

async function campaignV2(
  input: ExamMobilizationInput,
): Promise<{ launched: number; status: string }> {
  const { campaignId } = input;
  const workflowId = examCampaignWorkflowId(campaignId);
  const pageSize = input.pageSize ?? 500;
  const batchSize = input.batchSize ?? 100;
  const parallel = input.parallelBatches ?? 4;
  const s: CampaignState = input.state ?? {
    phase: 'inviting',
    invited: 0,
    launched: 0,
    plan: planWaves(input.journey, new Date()),
    done: [],
    paused: false,
    cancelled: false,
    adds: [],
    resultsSeen: 0,
    resultsHandled: 0,
  };
  let sending: CampaignProgress['sending'];
  let invitationsAt: string | undefined;
  let finished: 'completed' | 'cancelled' | undefined;
  setHandler(examCampaignPauseSignal, () => void (s.paused = true));
  setHandler(examCampaignResumeSignal, () => void (s.paused = false));
  setHandler(examCampaignCancelSignal, () => void (s.cancelled = true));
  setHandler(examCampaignAddSignal, ({ personIds }) => void s.adds.push(...personIds));
  setHandler(examCampaignResultsSignal, () => void s.resultsSeen++);
  setHandler(examCampaignLaunchQuery, () => ({
    launched: s.launched,
    done: s.phase === 'running',
  }));
  setHandler(examCampaignProgressQuery, () => {
    const next = s.plan.find((w) => !s.done.includes(w.wave));
    return {
      status:
        finished ??
        (s.cancelled
          ? 'cancelled'
          : s.paused
            ? 'paused'
            : s.phase === 'running'
              ? 'running'
              : 'launching'),
      phase: s.phase,
      invited: s.invited,
      launched: s.launched,
      wavesDone: [...s.done],
      ...(next ? { nextWave: { wave: next.wave, at: next.at } } : {}),
      ...(sending ? { sending } : {}),
      ...(invitationsAt ? { invitationsAt } : {}),
      peopleWaiting: s.adds.length,
    };
  });

  // Search attributes: launching, running, paused, then completed or cancelled.
  const step = businessSteps(campaignId);
  const current = () =>
    s.cancelled
      ? 'cancelled'
      : s.paused
        ? 'paused'
        : s.phase === 'running'
          ? 'running'
          : 'launching';
  /** Waits while paused; throws Cancelled once cancelled. */
  const gate = async () => {
    step(current());
    if (s.paused) await condition(() => !s.paused || s.cancelled);
    if (s.cancelled) throw new Cancelled();
    step(current());
  };
  /**
   * Launched in quiet hours (e.g. 21:00–08:00): nobody is invited at night; the launch waits until
   * they end (a pause or cancel still applies at once). True when it waited. Campaigns started
   * before this (`patched`) invite at once on replay.
   */
  const quietBeforeInviting = async () => {
    const at = nextSendableTime(new Date(), input.journey.quietHours, input.journey.timeZone);
    if (at.getTime() <= Date.now() || !patched('exam-invitations-quiet-hours')) return false;
    invitationsAt = at.toISOString();
    await condition(() => s.paused || s.cancelled, at.getTime() - Date.now());
    invitationsAt = undefined;
    return true;
  };
  /** Sends one batch of a wave, after the gate. */
  const sendBatch = async (
    wave: string,
    template: string,
    statuses: string[],
    personIds: string[],
  ) => {
    await gate();
    const r = await sendExamWave({ campaignId, workflowId, wave, template, statuses, personIds });
    if (sending?.wave === wave) {
      sending.sent += r.sent;
      sending.skipped += r.skipped;
    }
    if (wave === 'invitation') s.invited += r.sent;
  };
  /** Sends a wave to `personIds` in batches (a sliding window). */
  const sendBatches = async (wave: string, template: string, statuses: string[], ids: string[]) => {
    await inWindow(chunk(ids, batchSize), parallel, (personIds) =>
      sendBatch(wave, template, statuses, personIds),
    );
  };
  const invite = async (personIds: string[]) => {
    await bulk.recordExamInvitees({ campaignId, personIds });
    await sendBatches('invitation', 'exam-invitation', ['invited'], personIds);
  };
  /**
   * The launch's invitations as one stream (patch `exam-launch-stream`): the next page of the
   * cohort is read and recorded as invited while this page's batches go out, in one window
   * across pages, so the mail pool never idles at a page's end (at 8,055 people each of the
   * four page boundaries left it idle about 0.6 s). The first page is one window's worth, so
   * the first invitations go out without waiting for a whole page to be recorded. Stops at the
   * end of the cohort, where quiet hours begin, or where Temporal suggests a new run: the cursor
   * is then past the last page sent.
   */
  const inviteStream = async () => {
    const window = taskWindow(parallel);
    const readPage = async (cursor: string | undefined, size: number) => {
      const page = await bulk.resolveAudiencePage({
        audience: input.cohort,
        cursor,
        pageSize: size,
      });
      await bulk.recordExamInvitees({ campaignId, personIds: page.personIds });
      return page;
    };
    let page = await readPage(s.cursor, s.cursor === undefined ? batchSize * parallel : pageSize);
    for (;;) {
      // Quiet hours begun: stop here too; the step loop waits for them to end.
      const quiet =
        nextSendableTime(new Date(), input.journey.quietHours, input.journey.timeZone) > new Date();
      const more =
        page.nextCursor !== undefined && !workflowInfo().continueAsNewSuggested && !quiet;
      const next = more ? readPage(page.nextCursor, pageSize) : undefined;
      // Awaited below; marked handled so a failure while batches wait is not "unhandled".
      next?.catch(() => undefined);
      for (const personIds of chunk(page.personIds, batchSize))
        await window.start(() =>
          sendBatch('invitation', 'exam-invitation', ['invited'], personIds),
        );
      if (!next) break;
      page = await next;
    }
    await window.drain();
    s.cursor = page.nextCursor;
  };
  const startJourneys = async (personIds: string[]) => {
    const starter = patched('exam-journey-starts-heartbeat') ? journeyStarts : bulk;
    const r = await starter.startExamJourneys({
      base: { ...input.journey, campaignId, waves: true },
      personIds,
    });
    s.launched += r.started + r.alreadyRunning;
  };
  /** A timed or results wave: queued all at once, then sent page by page. */
  const runWave = async (w: { wave: string; template: string; statuses: string[]; at: string }) => {
    const spec = {
      campaignId,
      workflowId,
      wave: w.wave,
      template: w.template,
      statuses: w.statuses,
    };
    await bulk.queueExamWave({ ...spec, dueAt: w.at });
    sending = { wave: w.wave, sent: 0, skipped: 0 };
    let cursor: string | undefined;
    do {
      const page = await bulk.examParticipantPage({
        campaignId,
        statuses: w.statuses,
        cursor,
        // Pages of 1,000, or the campaign's own larger pages (runs started with the default of
        // 500 keep pages of 1,000 on replay).
        pageSize: Math.max(1000, pageSize),
      });
      await sendBatches(w.wave, w.template, w.statuses, page.personIds);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const m = /^reminder-(\d+)$/.exec(w.wave);
    await bulk.finishExamWave({
      campaignId,
      wave: w.wave,
      ...(m ? { reminderNumber: Number(m[1]) } : {}),
    });
    sending = undefined;
  };

  const closes = new Date(input.journey.windowCloses).getTime();
  const lastExam =
    examDays(input.journey.examDates, input.journey.timeZone).at(-1)?.getTime() ?? closes;
  const endAt = lastExam + RESULTS_WAIT_MS;
  const wake = () =>
    s.cancelled || s.paused || s.adds.length > 0 || s.resultsSeen > s.resultsHandled;

  try {
    for (let step = 0; ; step++) {
      if (step > 0 && (workflowInfo().continueAsNewSuggested || step >= PAGES_PER_RUN * 5)) {
        return await continueAsNew<typeof examMobilization>({ ...input, state: s });
      }
      await gate();
      if (s.phase === 'inviting' && (await quietBeforeInviting())) continue;
      if (s.phase === 'inviting' && patched('exam-launch-stream')) {
        await inviteStream();
        if (s.cursor === undefined) s.phase = 'starting';
        continue;
      }
      if (s.phase === 'inviting' || s.phase === 'starting') {
        // Launch: everyone's invitation first, then the journeys, page by page.
        const page =
          s.phase === 'inviting'
            ? await bulk.resolveAudiencePage({ audience: input.cohort, cursor: s.cursor, pageSize })
            : await bulk.examParticipantPage({
                campaignId,
                statuses: ['invited', 'registered'],
                cursor: s.cursor,
                pageSize,
              });
        if (s.phase === 'inviting') await invite(page.personIds);
        else await startJourneys(page.personIds);
        s.cursor = page.nextCursor;
        if (s.cursor === undefined) {
          if (s.phase === 'inviting') s.phase = 'starting';
          else {
            s.phase = 'running';
            await bulk.refreshExamCampaign({ campaignId });
          }
        }
        continue;
      }
      if (s.adds.length) {
        const ids = s.adds.slice(0, pageSize);
        await invite(ids);
        await startJourneys(ids);
        s.adds.splice(0, ids.length);
        await bulk.refreshExamCampaign({ campaignId });
        continue;
      }
      if (s.resultsSeen > s.resultsHandled) {
        const seen = s.resultsSeen;
        const now = new Date().toISOString();
        await runWave({
          wave: 'results-passed',
          template: 'exam-passed',
          statuses: ['passed'],
          at: now,
        });
        await runWave({
          wave: 'results-failed',
          template: 'exam-failed',
          statuses: ['failed'],
          at: now,
        });
        await tellExamJourneys({ campaignId, what: 'results' });
        s.resultsHandled = seen;
        continue;
      }
      const next = s.plan.find((w) => !s.done.includes(w.wave));
      const dueAt = next ? new Date(next.at).getTime() : endAt;
      if (!next && Date.now() >= closes) {
        // Everyone who registered has an outcome (or has left): nothing more to wait for.
        const open = await bulk.examParticipantPage({
          campaignId,
          statuses: ['registered'],
          pageSize: 1,
        });
        if (!open.personIds.length) break;
      }
      if (Date.now() < dueAt) {
        await condition(wake, dueAt - Date.now());
        continue;
      }
      if (!next) break; // results never came: the campaign closes
      if (next.kind === 'window-close')
        await bulk.closeExamParticipants({ campaignId, from: ['invited'], to: 'not_registered' });
      else await runWave({ ...next, template: next.template! });
      s.done.push(next.wave);
    }
    finished = 'completed';
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    // No further notices; every open journey ends as cancelled.
    await bulk.closeExamParticipants({
      campaignId,
      from: ['invited', 'registered'],
      to: 'cancelled',
      reason: 'campaign cancelled',
    });
    await tellExamJourneys({ campaignId, what: 'cancelled' });
    finished = 'cancelled';
  }
  await bulk.recordExamCampaignStatus({ campaignId, status: finished });
  step(finished);
  return { launched: s.launched, status: finished };
}
