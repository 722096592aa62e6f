// Durability: every accepted update is appended, with its author, to the update
// log in PostgreSQL in group commits (one transaction per window of at most
// `windowMs`). If the database is briefly unreachable the batch is kept and
// retried: nothing accepted is dropped while the process lives, and clients
// re-send whatever a crashed process had not committed when they reconnect.
import { appendUpdates, type AppendedIds, type PendingUpdate } from "../../app/features/collab/store.server.ts";

export class UpdateLog {
  private pending: PendingUpdate[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly onCommitted: (appended: Map<string, AppendedIds>, batch: PendingUpdate[]) => void,
    private readonly windowMs = 20,
    private readonly log: (line: string) => void = console.error,
    /** names this server in change notifications, so that it skips its own */
    private readonly origin = "",
  ) {}

  append(update: PendingUpdate) {
    this.pending.push(update);
    this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
  }

  get size() {
    return this.pending.length;
  }

  /** Commit what is pending; resolves once it is in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (!batch.length) return;
      this.pending = [];
      try {
        this.onCommitted(await appendUpdates(batch, this.origin), batch);
      } catch (e) {
        this.log(`[collab] could not append ${batch.length} updates, retrying: ${(e as Error).message}`);
        this.pending = batch.concat(this.pending);
        this.timer ??= setTimeout(() => void this.flush(), 500);
      }
    });
    return this.flushing;
  }

  /** For shutdown: commit everything, however many rounds it takes. */
  async drain(deadline = Date.now() + 10_000) {
    await this.flush();
    while (this.pending.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      await this.flush();
    }
  }
}
