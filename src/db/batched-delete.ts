const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `deleteBatch` (one statement deleting at most `batchSize` rows; it returns how many) until one deletes fewer,
 * yielding a turn of the event loop between: each statement is short, so requests (and other instances) write in
 * between. `shouldStop` is asked before each: a stopping worker leaves the rest for its next round. Returns how many.
 */
export async function deleteInBatches(
  deleteBatch: () => Promise<number>,
  { batchSize, shouldStop }: { batchSize: number; shouldStop?: () => boolean },
): Promise<number> {
  let deleted = 0;
  for (;;) {
    if (shouldStop?.()) return deleted;
    const count = await deleteBatch();
    deleted += count;
    if (count < batchSize) return deleted;
    await nextTurn();
  }
}
