// The budget over HTTP against the built studio: a crew member proposes an expense with its
// receipt, a producer approves it and its ledger entry is written with it; a large expense
// needs an accepted decision; crew cannot approve; a members-only budget is hidden from
// visitors; a receipt that is not a PDF or an image by content is refused.
import { describe, expect, inject, it } from "vitest";
import { createDecision, decide, proposeDecision } from "~/features/decisions/decisions.server";
import { decisionTemplate } from "~/features/decisions/template";
import { encodePng } from "~/features/media/png";
import { changeRole } from "~/features/productions/membership.server";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");
const get = (path: string, cookie = "") => fetch(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

const post = (path: string, user: TestUser, fields: Record<string, string>, receipt?: { name: string; bytes: Uint8Array; type: string }, lang = "") => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (receipt) body.set("receipt", new Blob([new Uint8Array(receipt.bytes)], { type: receipt.type }), receipt.name);
  return fetch(`${base}${path}`, { method: "POST", redirect: "manual", headers: { Origin: base, Cookie: lang ? `${user.cookie}; claquette_lang=${lang}` : user.cookie }, body });
};

const png = { name: "receipt.png", bytes: encodePng(4, 4, () => [255, 255, 255]), type: "image/png" };

async function budgeted() {
  const producer = await testUser("prod");
  const crew = await testUser("crew");
  const visitorish = await testUser("member");
  const { production } = await testProduction(producer, [crew, visitorish]);
  await changeRole(production.id, producer.id, crew.id, "crew");
  const line = await db.budgetLine.create({ data: { productionId: production.id, department: "Camera", name: "Lens rental", planned: 60_000, currency: "EUR", position: 0 } });
  return { producer, crew, production, line, path: `/p/${production.slug}/funding/budget` };
}

async function propose(path: string, crew: TestUser, lineId: string, amount: string, description: string) {
  const res = await post(path, crew, { intent: "expense", line: lineId, amount, description }, png);
  expect(res.status).toBe(200);
  expect(text(await res.text())).toContain("Expense proposed");
  return db.expense.findFirstOrThrow({ where: { lineId, description } });
}

describe("the budget", () => {
  it("writes an approved expense in the ledger and the line's actual, with its receipt", async () => {
    const { producer, crew, production, line, path } = await budgeted();
    const expense = await propose(path, crew, line.id, "123,45", "Lens for the night shoot");
    expect(expense).toMatchObject({ amount: 12_345, currency: "EUR", state: "proposed", proposedById: crew.id, receiptType: "image/png" });
    // Proposed: not yet in the ledger nor the actual.
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(0);

    const approved = text(await (await post(path, producer, { intent: "decide", expense: expense.id, verdict: "approve", decision: "" })).text());
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { productionId: production.id } });
    expect(entry).toMatchObject({ kind: "expense_paid", amount: -12_345, currency: "EUR", recordedById: producer.id });
    expect(await db.expense.findUniqueOrThrow({ where: { id: expense.id } })).toMatchObject({ state: "approved", ledgerEntryId: entry.id, decidedById: producer.id });
    expect(approved).toContain(`ledger entry #${entry.number} written`);
    // Approving twice writes nothing more.
    expect(text(await (await post(path, producer, { intent: "decide", expense: expense.id, verdict: "approve", decision: "" })).text())).toContain("already been approved or rejected");
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(1);

    // The line's actual, on the page a visitor reads (the budget is public by default).
    const page = await (await get(path)).text();
    const row = page.split('data-testid="budget-line-Lens rental"')[1]!.split("</tr>")[0]!;
    expect(text(row)).toContain("€600.00");
    expect(text(row)).toContain("€123.45");
    expect(text(page.split('data-testid="budget-total"')[1]!.split("</tr>")[0]!)).toContain("€123.45");
    const ledger = text(await (await get(`/p/${production.slug}/funding/ledger`)).text());
    expect(ledger).toContain("Lens for the night shoot");
    expect(ledger).toContain("-€123.45");
    // The receipt, by the expense's id, the bytes as sent.
    const receipt = await get(`${path}/receipts/${expense.id}`);
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await receipt.arrayBuffer())).toEqual(new Uint8Array(png.bytes));
  });

  it("refuses a large expense without an accepted decision, with the message, and approves it with one", async () => {
    const { producer, crew, production, line, path } = await budgeted();
    const expense = await propose(path, crew, line.id, "500", "Camera package");
    const refused = text(await (await post(path, producer, { intent: "decide", expense: expense.id, verdict: "approve", decision: "" })).text());
    expect(refused).toContain("An expense of €500.00 or more is approved only with an accepted decision of the decision log");
    const fr = text(await (await post(path, producer, { intent: "decide", expense: expense.id, verdict: "approve", decision: "" }, undefined, "fr")).text());
    expect(fr).toContain("Une dépense de 500,00 € ou plus n’est approuvée qu’avec une décision acceptée");
    // A decision still proposed does not do.
    const d = await createDecision(production.id, producer.id, { title: "Rent the camera package", tags: [], reviewOn: null, links: [], text: decisionTemplate(translator("en")) });
    await proposeDecision(d.id, producer.id);
    expect(text(await (await post(path, producer, { intent: "decide", expense: expense.id, verdict: "approve", decision: String(d.number) })).text())).toContain("This decision is not accepted");
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(0);
    expect((await db.expense.findUniqueOrThrow({ where: { id: expense.id } })).state).toBe("proposed");

    expect(await decide(d.id, producer.id, "accepted")).toBe("decided");
    const done = text(await (await post(path, producer, { intent: "decide", expense: expense.id, verdict: "approve", decision: String(d.number) })).text());
    expect(done).toContain("Expense approved");
    expect(await db.expense.findUniqueOrThrow({ where: { id: expense.id } })).toMatchObject({ state: "approved", decisionId: d.id });
    expect(await db.ledgerEntry.findFirstOrThrow({ where: { productionId: production.id } })).toMatchObject({ amount: -50_000 });
  });

  it("lets crew propose but not approve", async () => {
    const { crew, production, line, path } = await budgeted();
    const expense = await propose(path, crew, line.id, "12", "Gaffer tape");
    const res = await post(path, crew, { intent: "decide", expense: expense.id, verdict: "approve", decision: "" });
    expect(res.status).toBe(303);
    expect((await db.expense.findUniqueOrThrow({ where: { id: expense.id } })).state).toBe("proposed");
    expect(await db.ledgerEntry.count({ where: { productionId: production.id } })).toBe(0);
    expect(text(await (await get(path, crew.cookie)).text())).not.toContain("Approve and pay");
  });

  it("hides a members-only budget and its receipts from visitors and non-members", async () => {
    const { producer, crew, line, path } = await budgeted();
    const expense = await propose(path, crew, line.id, "12", "Gaffer tape");
    expect((await post(path, producer, { intent: "visibility", budgetPublic: "members" })).status).toBe(200);
    const stranger = await testUser("stranger");
    for (const cookie of ["", stranger.cookie]) {
      expect((await get(path, cookie)).status).toBe(404);
      expect((await get(`${path}/receipts/${expense.id}`, cookie)).status).toBe(404);
    }
    expect((await get(path, crew.cookie)).status).toBe(200);
    expect(text(await (await get(path, crew.cookie)).text())).toContain("shown to the production's members only");
  });

  it("refuses a receipt that is not a PDF or an image by its content, keeping what was typed", async () => {
    const { crew, line, path } = await budgeted();
    const fake = { name: "receipt.pdf", bytes: new TextEncoder().encode("<html><script>alert(1)</script></html>"), type: "application/pdf" };
    const res = await post(path, crew, { intent: "expense", line: line.id, amount: "45,90", description: "Bulbs for the lamp" }, fake);
    const page = await res.text();
    expect(text(page)).toContain("The receipt must be a PDF, PNG, JPEG or WebP file");
    expect(page).toContain('value="45,90"');
    expect(page).toContain('value="Bulbs for the lamp"');
    expect(await db.expense.count({ where: { lineId: line.id } })).toBe(0);
    const fr = await post(path, crew, { intent: "expense", line: line.id, amount: "45,90", description: "Ampoules" }, fake, "fr");
    expect(text(await fr.text())).toContain("Le justificatif doit être un fichier PDF, PNG, JPEG ou WebP");
  });
});
