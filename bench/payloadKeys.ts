/**
 * The benches' payload key: the bench's own client and the worker processes it spawns (which
 * inherit YZ_PAYLOAD_KEYS) encrypt every payload, as an installation does.
 */
import type { DataConverter } from '@temporalio/common';
import { encryptingDataConverter } from '../runtime/payloadCodec';
import { parsePayloadKeys } from '../runtime/payloadKeys';
import { TEST_PAYLOAD_KEYS } from '../test/harness/payloadKeys';

// Set on import, before any worker process is spawned: the test key unless one is given.
process.env.YZ_PAYLOAD_KEYS ||= TEST_PAYLOAD_KEYS;

/** The converter of YZ_PAYLOAD_KEYS, the key the bench's worker processes inherit. */
export function benchDataConverter(): DataConverter {
  return encryptingDataConverter(parsePayloadKeys(process.env.YZ_PAYLOAD_KEYS!, 'YZ_PAYLOAD_KEYS'));
}
