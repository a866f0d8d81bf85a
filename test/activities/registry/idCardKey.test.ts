import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdCardKey } from '../../../store/registry/idCardKey';
import { idCardHasher, migrateIdCardHashes } from '../../../store/registry/idCardHasher';
import { hashIdCard, legacyIdCardHash } from '../../../store/registry/idCard';
import { idCardSalt } from '../../../store/registry/salt';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';
import { idCard, seedRegistry, tempDir } from './fixtures';

describe('the ID-card hash key', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is made on first use in a 0600 file, and the same key is read after', () => {
    const file = join(dir, 'data', 'id-card.key');
    const key = loadIdCardKey({ file });
    expect(key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('hex'));
    expect(loadIdCardKey({ file })).toEqual(key);
  });

  it('a key file others may read is refused; so is a bad environment value', () => {
    const file = join(dir, 'open.key');
    writeFileSync(file, 'ab'.repeat(32));
    chmodSync(file, 0o644);
    expect(() => loadIdCardKey({ file })).toThrow(/may be read by others \(mode 644\)/);
    expect(() => loadIdCardKey({ value: 'not-hex', file })).toThrow(
      'YZ_ID_CARD_KEY 须为 64 位或以上十六进制数字（32 字节或以上） / YZ_ID_CARD_KEY must be 64 or more hex digits (32 bytes or more)',
    );
    expect(loadIdCardKey({ value: 'cd'.repeat(32), file })).toEqual(Buffer.alloc(32, 0xcd));
  });
});

describe.each(providersUnderTest())('legacy ID-card hashes migrate on %s', (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(provider);
    await seedRegistry(t.db);
  });
  afterAll(() => t?.close());

  it('onto the key, once: a second run moves nothing and matching still works', async () => {
    const key = Buffer.alloc(32, 7);
    const salt = await idCardSalt(t.db);
    const number = idCard('31011519851111002');
    await t.db.person.update({
      where: { id: 'p-000002' },
      data: { idCardHash: legacyIdCardHash(number, salt) },
    });
    const legacyBefore = await t.db.person.count({
      where: { idCardHash: { not: null }, NOT: { idCardHash: { startsWith: 'k1:' } } },
    });
    expect(legacyBefore).toBeGreaterThanOrEqual(1);
    expect(await migrateIdCardHashes(t.db, key)).toBe(legacyBefore);
    const moved = await t.db.person.findUniqueOrThrow({ where: { id: 'p-000002' } });
    expect(moved.idCardHash).toBe(hashIdCard(number, salt, key));
    expect(await migrateIdCardHashes(t.db, key)).toBe(0);
    const hash = await idCardHasher(t.db, key);
    expect(await t.db.person.findFirst({ where: { idCardHash: hash(number) } })).toMatchObject({
      id: 'p-000002',
    });
  });
});
