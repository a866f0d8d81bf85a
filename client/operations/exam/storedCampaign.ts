/**
 * An exam mobilization campaign (报考动员) as the operations find it in the database: its row and
 * the definition stored with it, and the journey input that definition gives.
 *
 * Campaigns started here run the v2 engine (campaign-level notice waves, see
 * workflows/exam/examMobilization.ts); campaigns stored without `engine` are v1 (journeys send
 * their own notices) and keep working the v1 way.
 */
import type { CampaignDefinition } from '../../../workflows/rules/campaignDefinition';
import type { ExamMobilizationInput } from '../../../workflows/exam/signals';
import type { CensusContext } from '../census/census';
import { NotFound } from '../../../common/errors';

/** The same parts as the other campaign operations. */
export type ExamContext = CensusContext;

/** The definition as stored: what the coordinator wrote, checked, plus the engine version. */
export interface StoredDefinition {
  levels: CampaignDefinition['levels'];
  examYear: number;
  registrationWindow: { closes: string };
  examDates: Record<string, string>;
  reminders: {
    beforeWindowCloses: string[];
    quietHours: CampaignDefinition['reminders']['quietHours'];
  };
  timeZone: string;
  /** 2: notice waves from the campaign workflow; absent: v1 (journeys send their own). */
  engine?: 2;
}

/** The journey input of a campaign (the same for the launch and for a journey started early). */
export function journeyBase(d: StoredDefinition): ExamMobilizationInput['journey'] {
  return {
    level: d.levels[0]!,
    examYear: d.examYear,
    windowCloses: new Date(d.registrationWindow.closes).toISOString(),
    examDates: Object.values(d.examDates).map((x) => new Date(x).toISOString()),
    reminderOffsets: d.reminders.beforeWindowCloses,
    timeZone: d.timeZone,
    quietHours: d.reminders.quietHours,
  };
}

export type StoredCampaign = Awaited<ReturnType<typeof campaignOf>>;

/** The campaign and its stored definition; an unknown id is a clear error. */
export async function campaignOf(ctx: Pick<ExamContext, 'db'>, campaignId: string) {
  const c = await ctx.db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c) throw new NotFound(`没有报考动员“${campaignId}” / no exam campaign "${campaignId}"`);
  return { ...c, stored: JSON.parse(c.definition) as StoredDefinition };
}
