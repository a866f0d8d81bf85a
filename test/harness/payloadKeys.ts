/**
 * The test run's payload key: every test worker, client, CLI and API of a run encrypts with it
 * (as one installation does with its data folder's key), so the encrypted path is the tested one.
 */
import { encryptingDataConverter } from '../../runtime/payloadCodec';
import { parsePayloadKeys } from '../../runtime/payloadKeys';

/** YZ_PAYLOAD_KEYS of the test run: a fixed key (tests hold no secrets). */
export const TEST_PAYLOAD_KEYS = `test-run:${Buffer.alloc(32, 7).toString('base64')}`;

/** The data converter of the test run's workers and clients. */
export const testDataConverter = encryptingDataConverter(
  parsePayloadKeys(TEST_PAYLOAD_KEYS, 'TEST_PAYLOAD_KEYS'),
);
