/**
 * Local waiters for transaction outcomes: one process's list of callers waiting on an id, woken by
 * the store when the outcome lands (directly, or through Redis pub/sub for other instances).
 *
 * @module
 */

/** Per-id lists of wake-up callbacks. */
export class Waiters {
  readonly #byId = new Map<string, Set<() => void>>();

  /** Number of ids with at least one waiter. */
  get size(): number {
    return this.#byId.size;
  }

  /**
   * Resolves when {@link notify} is called for `id`, after `timeoutMs`, or when `signal` aborts,
   * whichever is first. Never rejects.
   */
  wait(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      let set = this.#byId.get(id);
      if (set === undefined) this.#byId.set(id, (set = new Set()));
      const waiters = set;
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.#byId.get(id) === waiters) this.#byId.delete(id);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      timer.unref?.();
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  /** Wakes every waiter on `id`. */
  notify(id: string): void {
    const set = this.#byId.get(id);
    if (set === undefined) return;
    for (const wake of [...set]) wake();
  }

  /** Wakes everyone (used on close). */
  notifyAll(): void {
    for (const id of [...this.#byId.keys()]) this.notify(id);
  }
}
