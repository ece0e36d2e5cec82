/**
 * Concurrent writers against a running server, each listing new tasks one after another over HTTP,
 * keeping what every request came to: acknowledged (the task is on record), answered without a
 * write (503 while the server stops), refused at connect (the server no longer listens), or cut:
 * sent and never answered, which a graceful server must never do.
 */
export interface WriteOutcome {
  readonly taskId: string;
  readonly title: string;
  readonly kind: 'acknowledged' | 'refused-write' | 'not-taken' | 'cut';
  readonly status?: number;
  readonly detail?: string;
  /** Date.now() when the answer (or the failure) came, and when the request was sent. */
  readonly at: number;
  readonly sentAt: number;
}

export interface WriteLoad {
  readonly outcomes: WriteOutcome[];
  acknowledged(): WriteOutcome[];
  /** Stops every writer after its current request and waits for them. */
  stop(): Promise<void>;
  /** Resolves when every writer has stopped on its own (the server stopped listening). */
  done(): Promise<void>;
}

const LIST_TASK = `mutation($input: ListTaskInput!) { listTask(input: $input) { task { id version } } }`;

export function startWriteLoad(
  url: string,
  token: string,
  options: { writers: number; prefix: string; inspectionId: string },
): WriteLoad {
  const outcomes: WriteOutcome[] = [];
  let stopping = false;
  const writer = async (w: number) => {
    for (let i = 0; !stopping; i++) {
      const taskId = `${options.prefix}-w${w}-${i}`;
      const title = `采砂整治 TITLE-${taskId}-X`;
      let res: Response;
      const sentAt = Date.now();
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: LIST_TASK,
            variables: {
              input: { taskId, inspectionId: options.inspectionId, title, problem: '非法采砂' },
            },
          }),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        // Refused at connect: the request never reached a listening server, so it was not taken.
        const notTaken = cause?.code === 'ECONNREFUSED';
        outcomes.push({
          taskId,
          title,
          kind: notTaken ? 'not-taken' : 'cut',
          detail: `${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`,
          at: Date.now(),
          sentAt,
        });
        return;
      }
      let body: { data?: { listTask?: unknown }; errors?: { extensions?: { code?: string } }[] };
      try {
        body = (await res.json()) as typeof body;
      } catch (error) {
        outcomes.push({
          taskId,
          title,
          kind: 'cut',
          status: res.status,
          detail: String(error),
          at: Date.now(),
          sentAt,
        });
        return;
      }
      const at = Date.now();
      if (res.status === 200 && body.data?.listTask && !body.errors) {
        outcomes.push({ taskId, title, kind: 'acknowledged', status: 200, at, sentAt });
      } else {
        outcomes.push({
          taskId,
          title,
          kind: 'refused-write',
          status: res.status,
          detail: body.errors?.[0]?.extensions?.code,
          at,
          sentAt,
        });
        // Told the server is stopping: a client goes elsewhere (Retry-After), as behind a balancer.
        if (res.status === 503) return;
      }
    }
  };
  const running = Promise.all(Array.from({ length: options.writers }, (_, w) => writer(w)));
  return {
    outcomes,
    acknowledged: () => outcomes.filter((o) => o.kind === 'acknowledged'),
    async stop() {
      stopping = true;
      await running;
    },
    done: () => running.then(() => undefined),
  };
}
