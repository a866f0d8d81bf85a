/**
 * No personal data in Temporal: every recorded history fixture is scanned for phone numbers,
 * ID-card numbers and e-mail addresses (the live histories of every test run are scanned at each
 * stack's teardown, test/harness/stack.ts). The scanner itself is shown to catch each kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { HISTORIES_DIR as dir } from '../harness/histories';
import { describeHits, personalDataIn } from '../harness/personalData';

const fixtures = readdirSync(dir).filter((f) => f.endsWith('.pb'));

describe('personal data in workflow histories', () => {
  it.each(fixtures)('%s carries no phone, ID-card number or e-mail', (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(new URL(file, dir)));
    expect(history.events.length).toBeGreaterThan(0);
    expect(describeHits(file, personalDataIn(history))).toBe('');
  });

  it('finds each kind inside a JSON payload of a signal', () => {
    const json = JSON.stringify({
      reason: '家中有事，请联系 13812345678 或 li.ming@example.cn，身份证 11010519491231002X',
    });
    const history = temporal.api.history.v1.History.create({
      events: [
        {
          workflowExecutionSignaledEventAttributes: {
            signalName: 'examWithdraw',
            input: {
              payloads: [
                {
                  metadata: { encoding: new TextEncoder().encode('json/plain') },
                  data: new TextEncoder().encode(json),
                },
              ],
            },
          },
        },
      ],
    });
    expect(personalDataIn(history).map((h) => [h.kind, h.match])).toEqual([
      ['phone', '13812345678'],
      ['ID-card number', '11010519491231002X'],
      ['e-mail', 'li.ming@example.cn'],
    ]);
  });
});
