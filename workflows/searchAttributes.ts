/**
 * The custom search attributes every workflow keeps (registered on the server: runtime/devServer.ts
 * SEARCH_ATTRIBUTES), so the admin's workflow list and the Temporal Web UI filter by program and
 * status: YzBusinessKey (the workflow id, ids only), YzCampaign (the program it belongs to: a
 * campaign, series, census, mentoring program or announcement id) and YzStatus (its business
 * step). Business keys and statuses only — never a name, contact or reason.
 *
 * Upserts are commands: histories recorded before them replay without, behind the patch below.
 * One upsert per business step (not per timer or reminder).
 */
import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

/** The patch behind every workflow's search-attribute upserts. */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes-status';

/** A marker of business steps for this workflow run; a repeated status upserts nothing. */
export function businessSteps(campaign?: string): (status: string) => void {
  let last: string | undefined;
  return (status) => {
    if (status === last || !patched(SEARCH_ATTRIBUTES_PATCH)) return;
    last = status;
    upsertSearchAttributes({
      YzBusinessKey: [workflowInfo().workflowId],
      YzStatus: [status],
      ...(campaign !== undefined ? { YzCampaign: [campaign] } : {}),
    });
  };
}
