/**
 * "Something may have been appended": what catch-up loops wait on between empty reads. A wait ends
 * on `notify()`, on its timeout (which also covers appends this process cannot see, such as another
 * process writing the same file) or when its signal aborts.
 */
export class AppendSignal {
  private readonly waiters = new Set<() => void>();

  wait(timeoutMs: number, signal?: AbortSignal, endNow = false): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
      if (signal?.aborted || endNow) done();
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
