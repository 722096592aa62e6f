// The triggers that tell the page cache what changed (server/page-invalidation.ts) run
// in every group commit of a live document: they must not read the document's stored
// state, which for a long screenplay is hundreds of kilobytes.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { appendUpdates } from "~/features/collab/store.server";
import { db } from "~/lib/db.server";
import { installPageTriggers, PAGES_CHANNEL } from "../../server/page-invalidation.ts";
import { testProduction, testUser } from "../support/collab";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
});
afterAll(() => client.end());

const typing = new Y.Doc();
/** One keystroke's update, as an editor sends it. */
function keystroke(): Uint8Array {
  let update: Uint8Array | undefined;
  typing.once("update", (u: Uint8Array) => (update = u));
  typing.getText("t").insert(0, "a");
  return update!;
}

const median = (ms: number[]) => ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;

describe("the page cache's triggers", () => {
  it("commit a keystroke in a long screenplay as fast as in an empty one, and still end its production's pages", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    // A folded state of 2 MB (a very long screenplay, with its history) and none at all.
    const long = `script:${production.id}`;
    const empty = `notes:${production.id}`;
    await db.document.upsert({ where: { name: long }, create: { name: long, kind: "script", productionId: production.id, state: randomBytes(2_000_000) }, update: { state: randomBytes(2_000_000) } });
    await db.document.upsert({ where: { name: empty }, create: { name: empty, kind: "notes", productionId: production.id }, update: {} });
    // The studio lays its triggers anew over those of an earlier version, which read every row whole.
    await client.query(`DROP TRIGGER claquette_pages_row ON "Document"`);
    await client.query(`CREATE TRIGGER claquette_pages_row AFTER INSERT OR UPDATE OR DELETE ON "Document" FOR EACH ROW EXECUTE FUNCTION claquette_pages_changed()`);
    await installPageTriggers(client);

    const heard: string[] = [];
    client.on("notification", (n) => heard.push(n.payload ?? ""));
    await client.query(`LISTEN ${PAGES_CHANNEL}`);
    const commit = async (name: string) => {
      const started = performance.now();
      await appendUpdates([{ docName: name, productionId: production.id, authorId: producer.id, update: keystroke() }]);
      return performance.now() - started;
    };
    const times = { long: [] as number[], empty: [] as number[] };
    for (let i = 0; i < 15; i++) {
      times.long.push(await commit(long));
      times.empty.push(await commit(empty));
    }
    // Read whole, twice per commit, the 2 MB state took about 150 ms against 1.
    expect(median(times.long)).toBeLessThan(median(times.empty) * 4 + 5);
    await client.query("SELECT 1"); // notifications of earlier commits come first
    expect(heard).toContain(`d:${production.id}`);
    await client.query(`UNLISTEN ${PAGES_CHANNEL}`);
  });
});
