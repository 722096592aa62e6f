// Durability: every accepted update is appended, with its author, to the update
// log in PostgreSQL in group commits: the first update after a quiet spell is
// committed at once, then at most one transaction per `windowMs` takes whatever
// came meanwhile. If the database is briefly unreachable the batch is kept and
// retried: nothing accepted is dropped while the process lives. Each append
// resolves once committed, and rooms relay a change to those who may not write only
// then (decisions 0019, 0064), so the window is part of what readers wait.
import { appendUpdates, type AppendedIds, type PendingUpdate } from "../../app/features/collab/store.server.ts";
import { collabWork } from "./room.ts";

export class UpdateLog {
  private pending: { update: PendingUpdate; committed: (stored: boolean) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private lastFlushAt = -Infinity;

  constructor(
    private readonly onCommitted: (appended: Map<string, AppendedIds>, batch: PendingUpdate[]) => void,
    private readonly windowMs = 10,
    private readonly log: (line: string) => void = console.error,
    /** names this server in change notifications, so that it skips its own */
    private readonly origin = "",
  ) {}

  /**
   * Resolves once the update is committed: true if it is stored, false if its document
   * takes no more updates (a frozen text). Appends resolve in the order they were made.
   */
  append(update: PendingUpdate): Promise<boolean> {
    return new Promise((committed) => {
      this.pending.push({ update, committed });
      this.timer ??= setTimeout(() => void this.flush(), Math.max(0, this.lastFlushAt + this.windowMs - performance.now()));
    });
  }

  get size() {
    return this.pending.length;
  }

  /** Commit what is pending; resolves once it is in the database. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlushAt = performance.now();
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (!batch.length) return;
      this.pending = [];
      const updates = batch.map((p) => p.update);
      let appended: Map<string, AppendedIds>;
      const started = performance.now();
      try {
        appended = await appendUpdates(updates, this.origin);
        if (collabWork.hasSubscribers) collabWork.publish({ what: "commit", ms: performance.now() - started });
      } catch (e) {
        this.log(`[collab] could not append ${batch.length} updates, retrying: ${(e as Error).message}`);
        this.pending = batch.concat(this.pending);
        this.timer ??= setTimeout(() => void this.flush(), 500);
        return;
      }
      // Committed: never appended a second time, whatever happens next.
      try {
        this.onCommitted(appended, updates);
      } catch (e) {
        this.log(`[collab] after an append: ${(e as Error).message}`);
      }
      for (const p of batch) p.committed(appended.has(p.update.docName));
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
