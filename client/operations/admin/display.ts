/**
 * How an instant and a workflow are shown to a person: local wall-clock time and the Temporal Web
 * UI link. Pure and light (no Temporal packages), so the CLI's common parts load fast.
 */
import { localParts } from '../../../workflows/rules/zonedTime';

/** `YYYY-MM-DD HH:mm:ss` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Link to a workflow in the Temporal Web UI (its latest run when `runId` is absent). */
export function workflowUiUrl(
  uiUrl: string,
  namespace: string,
  workflowId: string,
  runId?: string,
): string {
  const base = `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
