/**
 * `promise`, or a failure naming what did not happen after `ms`: a missing event fails the test
 * instead of hanging it. The timer is cleared either way: a pending one would hold the test worker
 * open after its tests ended (jest's "failed to exit gracefully").
 */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string | (() => string),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const waited = typeof what === 'string' ? what : what();
      reject(new Error(`timed out after ${ms} ms waiting for ${waited}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
