/**
 * Gender (性别) as rosters write it: 男/女, the 男性/女性 forms, M/F. Stored as a code; a roster
 * that leaves it empty leaves it unknown (pure).
 */
import type { Vocabulary } from './vocabulary';

export const GENDER: Vocabulary<'male' | 'female'> = {
  what: { zh: '性别', en: 'gender' },
  codes: ['male', 'female'],
  zh: { male: '男', female: '女' },
  synonyms: { 男性: 'male', 女性: 'female', M: 'male', F: 'female', m: 'male', f: 'female' },
};

export type Gender = (typeof GENDER.codes)[number];
