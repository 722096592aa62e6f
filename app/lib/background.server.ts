// Work that a response must not wait for, nor take longer because of: sending mail.
// Tasks run one at a time, in order, after the request that queued them has moved
// on; a normal shutdown waits for them (server/main.ts), so no mail is lost then.
//
// The queue lives on globalThis because server/main.ts and the built app load
// this module separately, and both must see the same queue.
type Queue = { tail: Promise<void>; pending: number };

declare global {
  var claquetteBackgroundQueue: Queue | undefined;
}

function queue(): Queue {
  return (globalThis.claquetteBackgroundQueue ??= { tail: Promise.resolve(), pending: 0 });
}

export function runInBackground(what: string, task: () => Promise<void>): void {
  const q = queue();
  q.pending++;
  q.tail = q.tail
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(task)
    .catch((e: unknown) => console.error(`[claquette] ${what}: ${e instanceof Error ? e.message : String(e)}`))
    .finally(() => void q.pending--);
}

/** Resolves once every task queued so far has run. */
export function backgroundWorkDone(): Promise<void> {
  return queue().tail;
}
