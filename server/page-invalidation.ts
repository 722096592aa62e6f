// What tells the page cache (server/page-cache.ts) that a public page may have changed:
// a trigger on every table a public page may show sends one notification per committed
// transaction that wrote to it, whoever wrote (a page's action, the live documents, a
// background job, the command line, another process); every process listens. The
// triggers are laid at each start, so that a table added later is covered without
// anyone remembering to (docs/decisions/0050).
import pg from "pg";

export const PAGES_CHANNEL = "claquette_pages";

/**
 * Tables no public page shows, written while people only read or sign in: a write there
 * must not empty the cache. Play and download counts are shown, but a page may lag them
 * by the cache's longest age (MAX_AGE_MS) rather than be rendered again at every play.
 */
export const UNWATCHED_TABLES = [
  "_prisma_migrations",
  "Session",
  "LoginDevice",
  "LoginFailure",
  "PasswordReset",
  "EmailConfirmation",
  "Notification",
  "ReleaseDownload",
  "ReleasePlay",
  "ReleaseCountSeen",
  "CountSalt",
];

/** Lays the trigger on every table of the schema but the unwatched ones; safe to run from several processes at once. */
export async function installPageTriggers(client: pg.ClientBase) {
  await client.query("BEGIN");
  try {
    // One process at a time: two creating the same trigger at once would clash.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('claquette_pages_triggers'))");
    await client.query(`
      CREATE OR REPLACE FUNCTION claquette_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Sent at commit, once per transaction however many rows (identical notifications fold).
        PERFORM pg_notify('${PAGES_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    const { rows } = await client.query<{ name: string; rowTrigger: boolean; truncateTrigger: boolean }>(
      `SELECT c.relname AS name,
              EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'claquette_pages_row') AS "rowTrigger",
              EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'claquette_pages_truncate') AS "truncateTrigger"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY($1))`,
      [UNWATCHED_TABLES],
    );
    for (const { name, rowTrigger, truncateTrigger } of rows) {
      const table = client.escapeIdentifier(name);
      if (!rowTrigger) await client.query(`CREATE TRIGGER claquette_pages_row AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION claquette_pages_changed()`);
      if (!truncateTrigger) await client.query(`CREATE TRIGGER claquette_pages_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION claquette_pages_changed()`);
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/**
 * The next instant a public page changes with no write: a premiere (the embargo ends), a
 * poll opening or closing, a proposal's closing date, a screening starting or leaving the
 * upcoming ones (six hours after it starts). +Infinity when none is ahead.
 */
export async function nextScheduledChange(client: pg.Pool | pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ at: Date | null }>(`
    SELECT LEAST(
      (SELECT min("publishAt") FROM "Release" WHERE "publishAt" > now()),
      (SELECT min("opensAt") FROM "Poll" WHERE "opensAt" > now()),
      (SELECT min("closesAt") FROM "Poll" WHERE "closesAt" > now() AND "closedAt" IS NULL),
      (SELECT min("closesAt") FROM "Decision" WHERE "closesAt" > now()),
      (SELECT min("startsAt") FROM "Screening" WHERE "startsAt" > now()),
      (SELECT min("startsAt" + interval '6 hours') FROM "Screening" WHERE "startsAt" + interval '6 hours' > now())
    ) AS at`);
  return rows[0]?.at ? rows[0].at.getTime() : Number.POSITIVE_INFINITY;
}

/**
 * Listens on PAGES_CHANNEL: `onChange` at each notification, `onListening(true)` once
 * listening (again, after a lost connection: notifications may have been missed, the
 * cache starts empty), `onListening(false)` when the connection is lost.
 */
export async function listenForPageChanges(
  databaseUrl: string,
  handlers: { onChange(): void; onListening(on: boolean): void; log(line: string): void },
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect() {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: "claquette-pages" });
    let lost = false;
    const onLost = (why: string) => {
      if (lost) return;
      lost = true;
      client = undefined;
      handlers.onListening(false);
      if (stopped) return;
      handlers.log(`page cache: lost the notification connection (${why}); reconnecting`);
      retry = setTimeout(() => void reconnect(), 1000);
    };
    c.on("notification", () => handlers.onChange());
    try {
      await c.connect();
      c.on("error", (e) => onLost(e.message));
      c.on("end", () => onLost("closed"));
      await installPageTriggers(c);
      await c.query(`LISTEN ${PAGES_CHANNEL}`);
    } catch (e) {
      lost = true;
      await c.end().catch(() => {});
      throw e;
    }
    client = c;
    handlers.onListening(true);
  }

  async function reconnect() {
    try {
      await connect();
    } catch {
      if (!stopped) retry = setTimeout(() => void reconnect(), 1000);
    }
  }

  await reconnect();
  return {
    async close() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
