/** Booleans are stored as 0/1 on both databases. */
export type Flag = 0 | 1;
