/**
 * The read-only Web UI proxy in front of the run's real Temporal dev server UI: reads pass, the
 * settings say write actions are disabled, a terminate or signal is refused before it reaches
 * Temporal.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startReadOnlyUi, type ReadOnlyUi } from '../../runtime/readOnlyUi';

let ui: ReadOnlyUi;
const target = inject('temporalUiUrl');

beforeAll(async () => {
  ui = await startReadOnlyUi({ target: target || 'http://127.0.0.1:9', port: 0 });
});
afterAll(async () => ui?.stop());

describe.runIf(Boolean(target))('the read-only Temporal Web UI', () => {
  it('passes reads and tells the UI that write actions are disabled', async () => {
    const direct = (await (await fetch(`${target}/api/v1/settings`)).json()) as Record<
      string,
      unknown
    >;
    expect(direct.DisableWriteActions).toBeFalsy();
    const res = await fetch(`${ui.url}/api/v1/settings`);
    expect(res.status).toBe(200);
    const settings = (await res.json()) as Record<string, unknown>;
    expect(settings.DisableWriteActions).toBe(true);
    expect(settings.Version).toBe(direct.Version);
    const page = await fetch(`${ui.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('refuses write actions with 403 before they reach Temporal', async () => {
    for (const action of ['terminate', 'signal/ping', 'cancel', 'reset']) {
      const res = await fetch(`${ui.url}/api/v1/namespaces/default/workflows/some-id/${action}`, {
        method: 'POST',
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/read-only/);
    }
  });
});
