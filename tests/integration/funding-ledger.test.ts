// The public ledger of a production, over HTTP against the built studio: the funding
// section, every entry with its corrections, the balance as the sum of entries, a
// producer's correction, the exports (CSV, JSON, Atom) and the weekly production log.
import { describe, expect, inject, it } from "vitest";
import { isoWeekOf } from "~/features/decisions/week";
import { recordEntry, reverseEntry } from "~/features/funding/ledger.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

const get = (path: string, cookie = "") => fetch(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
const page = async (path: string, cookie = "") => {
  const res = await get(path, cookie);
  expect(res.status, path).toBe(200);
  return res.text();
};
const post = (path: string, user: TestUser, body: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body),
  });
/** The visible text of an HTML fragment, for assertions about what a reader sees. */
const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");

async function fundedProduction() {
  const producer = await testUser("funder");
  const member = await testUser("member");
  const { production } = await testProduction(producer, [member]);
  const write = (amount: number, kind: "pledge_received" | "expense_paid" | "fee", description: string, currency = "EUR", occurredAt?: Date) =>
    db.$transaction((tx) => recordEntry(tx, { productionId: production.id, kind, amount, currency, description, recordedById: producer.id, occurredAt }));
  return { producer, member, production, write };
}

describe("the public ledger", () => {
  it("shows a visitor every entry, the balance as their sum and each correction with what it reverses", async () => {
    const { producer, production, write } = await fundedProduction();
    const pledge = await write(12_550, "pledge_received", "Pledge from Ana");
    const tape = await write(-1_999, "expense_paid", "Gaffer tape");
    const typo = await write(-30_000, "fee", "Bank fee typed twice");
    const correction = await db.$transaction((tx) => reverseEntry(tx, typo.id, { recordedById: producer.id, description: "The bank charged it once" }));
    await write(5_000, "pledge_received", "Pledge in dollars", "USD");

    const ledger = text(await page(`/p/${production.slug}/funding/ledger`));
    // 125.50 − 19.99 − 300 + 300 = 105.51 euros; 50 dollars.
    expect(ledger).toContain("€105.51");
    expect(ledger).toContain("$50.00");
    for (const e of [pledge, tape, typo, correction]) expect(ledger).toContain(`#${e.number}`);
    expect(ledger).toContain("Pledge from Ana");
    expect(ledger).toContain("-€19.99");
    expect(ledger).toContain(`Reverses entry #${typo.number}`);
    expect(ledger).toContain(`Reversed by entry #${correction.number}`);
    expect(ledger).toContain(producer.displayName);
    // A visitor is offered no correction.
    expect(ledger).not.toContain("Correct this entry");

    // The section's first page: the balance and the latest entries, under a "Funding" tab.
    const funding = await page(`/p/${production.slug}/funding`);
    const tab = funding.match(new RegExp(`<a[^>]*href="/p/${production.slug}/funding"[^>]*>Funding</a>`))?.[0];
    expect(tab).toContain('aria-current="page"');
    expect(text(funding)).toContain("€105.51");
    expect(text(funding)).toContain("Gaffer tape");
    expect(funding).toContain(`href="/p/${production.slug}/funding/ledger"`);
    // In French, in the reader's language.
    const fr = text(await page(`/p/${production.slug}/funding/ledger`, "claquette_lang=fr"));
    expect(fr).toContain("105,51 €");
    expect(fr).toContain(`Annule l’écriture n° ${typo.number}`);
  });

  it("lets a producer correct an entry once, with a reason, and nobody else", async () => {
    const { producer, member, production, write } = await fundedProduction();
    const other = await fundedProduction();
    const wrong = await write(-4_200, "expense_paid", "Lens rental, wrong amount");
    const elsewhere = await other.write(100, "pledge_received", "Someone else's pledge");
    const path = `/p/${production.slug}/funding/ledger`;
    const count = () => db.ledgerEntry.count({ where: { productionId: production.id } });

    // A member is refused; nothing is written.
    const refused = await post(path, member, { entry: String(wrong.number), reason: "I think it is wrong", confirm: "yes" });
    expect(refused.status).toBe(303);
    expect(await count()).toBe(1);
    // Without the "I understand" box, or without a reason, nothing is written.
    expect(text(await (await post(path, producer, { entry: String(wrong.number), reason: "Wrong amount" })).text())).toContain("Tick the box");
    expect(text(await (await post(path, producer, { entry: String(wrong.number), reason: " ", confirm: "yes" })).text())).toContain("This field is required");
    // Another production's entry is not this ledger's to correct.
    expect(text(await (await post(path, producer, { entry: String(elsewhere.number), reason: "Not mine", confirm: "yes" })).text())).toContain(
      "This entry is not in this production's ledger.",
    );
    expect(await count()).toBe(1);

    const done = text(await (await post(path, producer, { entry: String(wrong.number), reason: "The rental was 24 euros", confirm: "yes" })).text());
    const correction = await db.ledgerEntry.findFirstOrThrow({ where: { productionId: production.id, kind: "correction" } });
    expect(correction).toMatchObject({ amount: 4_200, currency: "EUR", description: "The rental was 24 euros", reversesId: wrong.id, recordedById: producer.id });
    expect(done).toContain(`Entry #${correction.number} written: the correction.`);
    expect(done).toContain(`Reverses entry #${wrong.number}`);

    // Twice, or a correction itself: refused with a reason.
    expect(text(await (await post(path, producer, { entry: String(wrong.number), reason: "Again", confirm: "yes" })).text())).toContain(
      "This entry has already been corrected.",
    );
    const fr = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { Origin: base, Cookie: `${producer.cookie}; claquette_lang=fr`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ entry: String(correction.number), reason: "Undo", confirm: "yes" }),
    });
    expect(text(await fr.text())).toContain("Une correction ne se corrige pas");
    expect(await count()).toBe(2);
    expect(other.production.id).not.toBe(production.id);
    expect(await db.ledgerEntry.count({ where: { productionId: other.production.id } })).toBe(1);
  });

  it("pages through a long ledger, the balance still the sum of every entry", async () => {
    const { production, write } = await fundedProduction();
    for (let i = 1; i <= 55; i++) await write(i, "pledge_received", `Pledge ${i}`);
    const first = await page(`/p/${production.slug}/funding/ledger`);
    expect(text(first)).toContain("€15.40"); // 1 + 2 + … + 55 cents
    expect(text(first)).toContain("Pledge 55");
    expect(text(first)).not.toMatch(/Pledge 5(?!\d)/);
    const older = first.match(/href="([^"]*\?before=\d+)"/)?.[1]?.replace(/&amp;/g, "&");
    expect(older).toBeTruthy();
    const second = text(await page(older!));
    expect(second).toContain("Pledge 5 ");
    expect(second).toContain("Pledge 1 ");
    expect(second).not.toContain("Pledge 6 ");
    expect(second).toContain("€15.40");
    expect((await get(`/p/${production.slug}/funding/ledger?before=nonsense`)).status).toBe(404);
  });

  it("exports every entry as CSV and JSON with exact amounts, and as an Atom feed", async () => {
    const { production, write } = await fundedProduction();
    const a = await write(10_010, "pledge_received", 'Pledge, "with" quotes');
    const b = await write(-333, "fee", "Transfer fee");
    const y = await write(1_200, "pledge_received", "Pledge in yen", "JPY");

    const csv = await get(`/p/${production.slug}/funding/ledger.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="ledger-${production.slug}.csv"`);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("number,occurred_at,recorded_at,kind,description,amount,minor_units,currency,recorded_by,reverses,reversed_by");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^${a.number},[^,]+,[^,]+,pledge_received,"Pledge, ""with"" quotes",100\\.10,10010,EUR,`));
    expect(lines[2]).toMatch(new RegExp(`^${b.number},.*,fee,Transfer fee,-3\\.33,-333,EUR,`));
    expect(lines[3]).toMatch(new RegExp(`^${y.number},.*,1200,1200,JPY,`));

    const json = await (await get(`/p/${production.slug}/funding/ledger.json`)).json();
    expect(json.balances).toEqual([
      { amount: "96.77", minorUnits: 9677, currency: "EUR" },
      { amount: "1200", minorUnits: 1200, currency: "JPY" },
    ]);
    expect(json.entries.map((e: { number: number; amount: string }) => [e.number, e.amount])).toEqual([
      [a.number, "100.10"],
      [b.number, "-3.33"],
      [y.number, "1200"],
    ]);

    const atom = await get(`/p/${production.slug}/funding/ledger.atom`);
    expect(atom.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await atom.text();
    expect(xml).toContain("<title>Live test: ledger</title>");
    expect(xml.match(/<entry>/g)).toHaveLength(3);
    expect(xml).toContain(`#${b.number} Fee: -€3.33`);
    expect(xml).toContain("Pledge, &quot;with&quot; quotes");
  });

  it("puts the week's entries in the weekly production log", async () => {
    const { production, write } = await fundedProduction();
    const lastYear = new Date("2025-06-11T12:00:00Z");
    const e = await write(-7_500, "expense_paid", "Costume fabric", "EUR", lastYear);
    const week = isoWeekOf(lastYear);
    expect(await page(`/p/${production.slug}/log`)).toContain(`/log/${week}`);
    const log = await page(`/p/${production.slug}/log/${week}`);
    expect(log).toContain(`href="/p/${production.slug}/funding/ledger#entry-${e.number}"`);
    expect(text(log)).toContain("-€75.00 · Expense paid · Costume fabric");
    expect(text(await page(`/p/${production.slug}/log/${isoWeekOf(new Date())}`))).not.toContain("Costume fabric");
  });
});

describe("the demo production's ledger", () => {
  it("is readable the first time: its entries, a correction beside what it reverses, a balance that adds up", async () => {
    const json = await (await get("/p/les-veilleurs/funding/ledger.json")).json();
    const descriptions = json.entries.map((e: { description: string }) => e.description);
    expect(descriptions).toContain("Camera and lens rental for the night test shoot");
    const correction = json.entries.find((e: { kind: string }) => e.kind === "correction");
    expect(correction).toMatchObject({ description: "The gels were written down twice: one purchase only", amount: "45.60", currency: "EUR" });
    const sum = json.entries.filter((e: { currency: string }) => e.currency === "EUR").reduce((s: number, e: { minorUnits: number }) => s + e.minorUnits, 0);
    expect(json.balances.find((b: { currency: string }) => b.currency === "EUR").minorUnits).toBe(sum);
    expect(text(await page("/p/les-veilleurs/funding/ledger"))).toContain(`Reverses entry #${correction.reverses}`);
  });
});
