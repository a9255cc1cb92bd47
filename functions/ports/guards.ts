/** Retried requests with the same key get the first response; the work runs once. */
export interface IdempotencyGuard {
  /**
   * Runs `work` once per (scope, client, key). A repeat from the same client with the same
   * payload gets the stored result; a repeat with a different payload is refused
   * (IDEMPOTENCY_KEY_REUSED); a repeat while the first is still running waits for it. Another
   * client using the same key is another request. The stored result can be read only with the key.
   */
  once<T>(
    scope: string,
    key: string,
    payload: unknown,
    work: () => Promise<T>,
    invocation?: { getRemainingTimeInMillis(): number },
    client?: string,
  ): Promise<T>;
}
