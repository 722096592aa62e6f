// What tells the page cache (server/page-cache.ts) that a public page may have changed:
// a trigger on every table a public page may show sends, at commit, which production
// the written rows belong to (page-cache.ts `parseChange`), whoever wrote (a page's
// action, the live documents, a background job, the command line, another process);
// every process listens. The triggers are laid at each start, so that a table added
// later is covered without anyone remembering to (docs/decisions/0050).
import pg from "pg";
import { GLOBAL_SCOPE } from "./page-cache.ts";

export const PAGES_CHANNEL = "claquette_pages";

/**
 * Tables no public page shows, written while people only read or sign in: a write there
 * must not empty the cache. Play and download counts are shown, but a page may lag them
 * by the cache's longest age (MAX_AGE_MS) rather than be rendered again at every play.
 * A live document's updates and client ids are written with its "Document" row in the
 * same group commit: that row speaks for them (as a live change, LIVE_TEXT_MS).
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
  "DocumentUpdate",
  "DocumentClient",
];

/**
 * Tables whose new rows no page shows until a row of a production refers to them (a
 * membership, a poster, a wiki image, a poll option): inserting one ends no page, the
 * referring row does. An image had no production of its own, so each upload emptied
 * every cached page.
 */
export const SHOWN_ONCE_REFERRED_TO = ["User", "Image"];

/**
 * Columns no public page shows, of watched tables: a write that changes only these ends no
 * page. Confirming an address is the last step of each sign-up, and premiere night is when
 * most people sign up: each one would empty every page of every production.
 */
export const UNSHOWN_COLUMNS: Record<string, string[]> = {
  User: ["email", "emailConfirmedAt", "passwordHash", "isAdmin"],
};

/** Tables of live documents: typing writes them at every group commit (`d:` changes). */
export const LIVE_TABLES = ["Document", "DocumentContribution", "DocumentVersion"];

/** Tables Explore (the one public page of all productions) shows: a write there ends it too. */
export const GLOBAL_TABLES = ["Production", "Membership", "Release", "ReleaseFile", "Image"];

/**
 * A row's production when it has no "productionId" of its own: through its parent's.
 * Rows of any other table without one (users, images…) end every page.
 */
const PARENTS: [column: string, table: string][] = [
  ["releaseId", "Release"],
  ["pollId", "Poll"],
  ["decisionId", "Decision"],
  ["pageId", "WikiPage"],
  ["taskId", "Task"],
  ["sceneId", "Scene"],
];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const array = (xs: string[]) => `ARRAY[${xs.map(lit).join(", ")}]::text[]`;

/**
 * The trigger's function: one notification per production (or `*`) per transaction,
 * identical ones folding. A table with a "productionId" column passes its name as the
 * trigger's argument: that column is read alone. Otherwise the row is read whole, as
 * JSON: a document's row holds its folded state (hundreds of kilobytes for a
 * screenplay), and typing updates that row at every group commit; read whole, twice
 * (before and after), it made each commit of a long screenplay take 25 ms instead of 1.
 */
export const TRIGGER_FUNCTION = `
  CREATE OR REPLACE FUNCTION claquette_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    r jsonb;
    p text;
    productions text[] := '{}';
  BEGIN
    IF TG_OP = 'TRUNCATE' THEN
      PERFORM pg_notify('${PAGES_CHANNEL}', '*');
      RETURN NULL;
    END IF;
    -- A new account or image is on no page until a row of a production refers to it,
    -- and that row's own write ends that production's pages.
    IF TG_OP = 'INSERT' AND TG_TABLE_NAME = ANY(${array(SHOWN_ONCE_REFERRED_TO)}) THEN
      RETURN NULL;
    END IF;
${Object.entries(UNSHOWN_COLUMNS)
  .map(
    ([table, columns]) => `    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = ${lit(table)} AND to_jsonb(NEW) - ${array(columns)} = to_jsonb(OLD) - ${array(columns)} THEN
      RETURN NULL;
    END IF;`,
  )
  .join("\n")}
    IF TG_NARGS > 0 THEN
      productions := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW."productionId"] WHEN 'DELETE' THEN ARRAY[OLD."productionId"] ELSE ARRAY[OLD."productionId", NEW."productionId"] END;
    ELSE
      FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW)] WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD)] ELSE ARRAY[to_jsonb(OLD), to_jsonb(NEW)] END LOOP
        p := CASE WHEN TG_TABLE_NAME = 'Production' THEN r->>'id' ELSE r->>'productionId' END;
${PARENTS.map(([column, table]) => `        IF p IS NULL AND r ? ${lit(column)} THEN SELECT "productionId" INTO p FROM "${table}" WHERE id = r->>${lit(column)}; END IF;`).join("\n")}
        productions := productions || p;
      END LOOP;
    END IF;
    FOREACH p IN ARRAY productions LOOP
      IF p IS NULL THEN
        -- Whose pages show it cannot be told (a user's name, a parent deleted first): all.
        PERFORM pg_notify('${PAGES_CHANNEL}', '*');
      ELSE
        PERFORM pg_notify('${PAGES_CHANNEL}', CASE WHEN TG_TABLE_NAME = ANY(${array(LIVE_TABLES)}) THEN 'd:' ELSE 'p:' END || p);
        IF TG_TABLE_NAME = ANY(${array(GLOBAL_TABLES)}) THEN PERFORM pg_notify('${PAGES_CHANNEL}', 'g'); END IF;
      END IF;
    END LOOP;
    RETURN NULL;
  END $$`;

/** Lays the trigger on every table of the schema but the unwatched ones; safe to run from several processes at once. */
export async function installPageTriggers(client: pg.ClientBase) {
  await client.query("BEGIN");
  try {
    // One process at a time: two creating the same trigger at once would clash.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('claquette_pages_triggers'))");
    await client.query(TRIGGER_FUNCTION);
    const { rows } = await client.query<{ name: string; unwatched: boolean; ownsProduction: boolean; rowTriggerArgs: number | null; truncateTrigger: boolean }>(
      `SELECT c.relname AS name, c.relname = ANY($1) AS unwatched,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'productionId' AND NOT a.attisdropped) AS "ownsProduction",
              (SELECT t.tgnargs FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'claquette_pages_row') AS "rowTriggerArgs",
              EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'claquette_pages_truncate') AS "truncateTrigger"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
      [UNWATCHED_TABLES],
    );
    for (const { name, unwatched, ownsProduction, rowTriggerArgs, truncateTrigger } of rows) {
      const table = client.escapeIdentifier(name);
      const rowTrigger = rowTriggerArgs !== null;
      if (unwatched) {
        // Laid by an earlier version that watched it (the live documents' updates).
        if (rowTrigger) await client.query(`DROP TRIGGER claquette_pages_row ON ${table}`);
        if (truncateTrigger) await client.query(`DROP TRIGGER claquette_pages_truncate ON ${table}`);
        continue;
      }
      // Laid by an earlier version that read every row whole, or the table changed.
      const wanted = ownsProduction ? 1 : 0;
      if (rowTrigger && rowTriggerArgs !== wanted) await client.query(`DROP TRIGGER claquette_pages_row ON ${table}`);
      if (!rowTrigger || rowTriggerArgs !== wanted) {
        await client.query(`CREATE TRIGGER claquette_pages_row AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION claquette_pages_changed(${ownsProduction ? "'productionId'" : ""})`);
      }
      if (!truncateTrigger) await client.query(`CREATE TRIGGER claquette_pages_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION claquette_pages_changed()`);
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/**
 * Whose writes end a public page: the id of the production its path names (/p/:slug/…),
 * GLOBAL_SCOPE for any other (Explore), null when there is no such production (not kept).
 */
export async function pageScope(client: pg.Pool | pg.ClientBase, pathname: string): Promise<string | null> {
  const m = /^\/p\/([^/]+?)(?:\.data)?(?:\/|$)/.exec(pathname);
  if (!m) return GLOBAL_SCOPE;
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM "Production" WHERE slug = $1`, [slug]);
  return rows[0]?.id ?? null;
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
  handlers: { onChange(payload: string): void; onListening(on: boolean): void; log(line: string): void },
): Promise<{ close(): Promise<void>; sync(): Promise<void> }> {
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
    c.on("notification", (n) => handlers.onChange(n.payload ?? ""));
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

  // A round trip on the listening connection: PostgreSQL delivers the notifications of
  // transactions committed before it first. One at a time; callers arriving while one is
  // on its way wait for the next, which begins after they asked.
  let inFlight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  function sync(): Promise<void> {
    if (!inFlight) {
      const c = client;
      inFlight = (c ? c.query("SELECT 1").then(() => undefined) : Promise.reject(new Error("not listening"))).finally(() => (inFlight = null));
      return inFlight;
    }
    queued ??= inFlight
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return sync();
      });
    return queued;
  }

  await reconnect();
  return {
    sync,
    async close() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
