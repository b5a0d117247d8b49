import type { Flag } from '../db/types.js';

export const toFlag = (value: boolean): Flag => (value ? 1 : 0);
export const fromFlag = (value: number | boolean): boolean => value === 1 || value === true;
