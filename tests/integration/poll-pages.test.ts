// A poll's pages as people read them, from the running studio: who leads before the
// close and who won after it, a poster poll's images in its results, the new-poll
// form without JavaScript, and the page that explains the recount.
import { describe, expect, inject, it } from "vitest";
import { castBallot, changeClosing, createPoll } from "~/features/polls/polls.server";
import { imageRecord } from "~/features/media/image.server";
import { encodePng } from "~/features/media/png";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

async function page(path: string, who: TestUser | null, lang = "en") {
  const res = await fetch(`${base}${path}`, { headers: { "Accept-Language": lang, ...(who ? { Cookie: who.cookie } : {}) } });
  return { status: res.status, html: await res.text() };
}

/** The text of the results section, without tags. */
const resultsText = (html: string) =>
  (html.match(/data-testid="results"[\s\S]*?<\/section>/)?.[0] ?? "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("poll pages", () => {
  it("an open poll tied 1–1 shows who leads, never a winner; the winner shows after the close", async () => {
    const producer = await testUser("prod");
    const member = await testUser("memb");
    const { production } = await testProduction(producer, [member]);
    const poll = await createPoll(production.id, producer.id, {
      question: "Which title?",
      method: "plurality",
      options: [{ label: "Dawn" }, { label: "Dusk" }],
      closesAt: new Date(Date.now() + 3600_000),
      resultsVisibility: "live",
    });
    expect(await castBallot(poll.id, producer.id, [{ option: "option-1", rank: 1 }], null)).toMatchObject({ ok: true });
    expect(await castBallot(poll.id, member.id, [{ option: "option-2", rank: 1 }], null)).toMatchObject({ ok: true });
    const path = `/p/${production.slug}/polls/${poll.id}`;

    const open = resultsText((await page(path, null)).html);
    expect(open).toContain("Tied in the lead so far: Dawn, Dusk");
    expect(open).not.toContain("Winner");
    expect(open).not.toContain("settled by the published draw");
    expect(open).toContain("1 vote ");
    const openFr = resultsText((await page(path, null, "fr")).html);
    expect(openFr).toContain("À égalité en tête pour l’instant : Dawn, Dusk");
    expect(openFr).not.toContain("gagnante");

    await changeClosing(poll.id, producer.id, { kind: "close_early" });
    const closed = resultsText((await page(path, null)).html);
    expect(closed).toMatch(/Winner: (Dawn|Dusk)/);
    expect(closed).toContain("A tie was settled by the published draw");
    expect(closed).toContain("2 ballots");
  });

  it("one vote ahead, an open poll says who leads", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const poll = await createPoll(production.id, producer.id, {
      question: "Which colour?",
      method: "approval",
      options: [{ label: "Red" }, { label: "Blue" }],
      closesAt: new Date(Date.now() + 3600_000),
      resultsVisibility: "live",
    });
    await castBallot(poll.id, producer.id, [{ option: "option-2", rank: 1 }], null);
    const text = resultsText((await page(`/p/${production.slug}/polls/${poll.id}`, null)).html);
    expect(text).toContain("Leading so far: Blue 1 ballot");
    expect(text).not.toContain("Winner");
  });

  it("a poster poll shows its options' images in its results", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const images = [];
    for (const colour of [10, 200]) {
      const record = await imageRecord(encodePng(30, 45, (x, y) => [colour, x * 5, y * 5]));
      if (!("data" in record)) throw new Error("not an image");
      images.push(record.data);
    }
    const poll = await createPoll(production.id, producer.id, {
      question: "Which poster?",
      method: "irv",
      options: [
        { label: "Night", image: images[0] },
        { label: "Rocket", image: images[1] },
      ],
      closesAt: new Date(Date.now() + 3600_000),
    });
    await castBallot(poll.id, producer.id, [{ option: "option-2", rank: 1 }], null);
    await changeClosing(poll.id, producer.id, { kind: "close_early" });
    const { html } = await page(`/p/${production.slug}/polls/${poll.id}`, null);
    const results = html.match(/data-testid="results"[\s\S]*?<\/section>/)?.[0] ?? "";
    for (const [key, label] of [
      ["option-1", "Night"],
      ["option-2", "Rocket"],
    ]) {
      expect(results).toContain(`src="/p/${production.slug}/polls/${poll.id}/options/${key}/image?size=thumb"`);
      expect(results).toContain(`alt="${label}"`);
    }
    // One sentence to recount, pointing to a page a voter can open.
    const recount = html.match(/data-testid="recount">([\s\S]*?)<\/p>/)?.[1] ?? "";
    expect(recount.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "")).toBe("Anyone can recount this poll from its published files: results.json, ballots.csv (how to recount).");
    expect(recount).toContain('href="/about/recount"');
    expect(html).not.toContain("docs/recount.md");
    // The winner's image first, as the count orders them.
    expect(results.indexOf("option-2/image")).toBeLessThan(results.indexOf("option-1/image"));
  });

  it("explains how anyone can recount, in English and in French, signed in or not", async () => {
    const en = await page("/about/recount", null);
    expect(en.status).toBe(200);
    expect(en.html).toContain("<h1>How anyone can recount a poll</h1>");
    expect(en.html).toContain("npm run cli -- poll:recount ballots.csv");
    expect(en.html).toContain("sha256sum");
    const fr = await page("/about/recount", await testUser("read"), "fr");
    expect(fr.status).toBe(200);
    expect(fr.html).toContain("<h1>Comment chacun peut recompter un scrutin</h1>");
    expect(fr.html).toContain("Le tirage publié");
  });
});

describe("the new-poll form", () => {
  const optionInputs = (html: string) => [...html.matchAll(/<input[^>]*name="option-(\d+)"/g)].map((m) => Number(m[1]));

  it("starts with three options and adds one without JavaScript, keeping what was typed", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const path = `/p/${production.slug}/polls/new`;
    const first = await page(path, producer);
    expect(optionInputs(first.html)).toEqual([1, 2, 3]);
    expect(first.html).toContain(">Add an option</button>");

    const form = new FormData();
    for (const [k, v] of Object.entries({ question: "Which song?", method: "plurality", slots: "3", "option-1": "Aube", "option-2": "Nuit", intent: "addOption" })) form.set(k, v);
    const res = await fetch(`${base}${path}`, { method: "POST", headers: { Origin: base, Cookie: producer.cookie }, body: form });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(optionInputs(html)).toEqual([1, 2, 3, 4]);
    expect(html).toContain('value="Which song?"');
    expect(html).toContain('value="Aube"');
    expect(html).not.toContain('role="alert"');
    expect(await db.poll.count({ where: { productionId: production.id } })).toBe(0);
  });

  it("ignores approval's settings for another method", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const form = new FormData();
    const fields = {
      question: "Which day?", method: "plurality", minChoices: "junk", maxChoices: "2", slots: "3",
      closesAt: new Date(Date.now() + 86400_000).toISOString().slice(0, 16), eligibility: "members",
      minAccountAgeDays: "0", resultsVisibility: "after_close", "option-1": "Monday", "option-2": "Friday",
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(`${base}/p/${production.slug}/polls/new`, { method: "POST", headers: { Origin: base, Cookie: producer.cookie }, body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    const poll = await db.poll.findFirstOrThrow({ where: { productionId: production.id } });
    expect({ minChoices: poll.minChoices, maxChoices: poll.maxChoices }).toEqual({ minChoices: 1, maxChoices: null });
  });
});
