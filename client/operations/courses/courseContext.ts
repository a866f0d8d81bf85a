/**
 * What every course series operation (课程系列) shares: its context and the handle of the
 * series' workflow, which each verb tells after writing.
 */
import { courseWorkflowId } from '../../../workflows/courses/signals';
import { type AnnouncementContext } from '../announcements/announcements';

/** The course operations need what the announcement operations need. */
export type CourseContext = AnnouncementContext;

/** The workflow of the series (course/<seriesId>). */
export const courseHandle = (ctx: CourseContext, seriesId: string) =>
  ctx.temporal.workflow.getHandle(courseWorkflowId(seriesId));
