/** Retried requests with the same key get the first response; the work runs once. */
export interface IdempotencyGuard {
  /**
   * Runs `work` once per (scope, key). A repeat with the same payload gets the stored result;
   * a repeat with a different payload is refused (IDEMPOTENCY_KEY_REUSED); a repeat while the
   * first is still running waits for it.
   */
  once<T>(scope: string, key: string, payload: unknown, work: () => Promise<T>, invocation?: { getRemainingTimeInMillis(): number }): Promise<T>;
}
