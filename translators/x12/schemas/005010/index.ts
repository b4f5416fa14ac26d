import type { VersionSchema } from '../types';
import { composites } from './composites';
import { elements } from './elements';
import { segments } from './segments';
import { set810 } from './sets/810';
import { set850 } from './sets/850';
import { set856 } from './sets/856';
import { set997 } from './sets/997';
import { set999 } from './sets/999';

/** The 005010 version family: dictionary, composites, segments and the 850/856/810/997/999 sets. */
export const schema005010: VersionSchema = {
  version: '005010',
  elements,
  composites,
  segments,
  sets: { '850': set850, '856': set856, '810': set810, '997': set997, '999': set999 },
};
