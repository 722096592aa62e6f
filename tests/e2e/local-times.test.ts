// Times in the viewer's zone (docs/decisions/0035): a producer in Auckland or Los Angeles
// types a poll's closing time on her own clock, the studio keeps the instant, and every
// page shows it back on her clock with the zone named; a release's embargo too.
import type { Page } from "playwright-core";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

// The dates are the point (summer and winter on each side of the world), so they are
// fixed, far enough ahead never to pass: 2094 has 2027's calendar and the same zone rules.
const cases = [
  {
    zone: "Pacific/Auckland",
    // December is summer in Auckland (NZDT, +13); June is winter (NZST, +12).
    closes: { typed: "2094-12-04T20:30", stored: "2094-12-04T07:30:00.000Z", shown: "Sat, 4 Dec 2094, 20:30 (Pacific/Auckland)" },
    extended: { typed: "2094-12-06T09:15", stored: "2094-12-05T20:15:00.000Z" },
    premiere: { field: "2094-06-01T20:00", shown: "Tue, 1 Jun 2094, 20:00 (Pacific/Auckland)" },
  },
  {
    zone: "America/Los_Angeles",
    // December is PST (−8); June is PDT (−7).
    closes: { typed: "2094-12-04T20:30", stored: "2094-12-05T04:30:00.000Z", shown: "Sat, 4 Dec 2094, 20:30 (America/Los_Angeles)" },
    extended: { typed: "2094-12-06T09:15", stored: "2094-12-06T17:15:00.000Z" },
    premiere: { field: "2094-06-01T01:00", shown: "Tue, 1 Jun 2094, 01:00 (America/Los_Angeles)" },
  },
];
const premiereAt = new Date("2094-06-01T08:00:00.000Z");

/** The browser has told the studio its zone (the page's script sets a cookie). */
async function zoneKnown(page: Page, zone: string) {
  await expect
    .poll(async () => (await page.context().cookies()).find((c) => c.name === "claquette_tz")?.value)
    .toBe(encodeURIComponent(zone));
}

for (const c of cases) {
  test(`a producer in ${c.zone} types and reads times on her own clock`, async ({ person }) => {
    const margaux = await testUser("margaux");
    const { production } = await testProduction(margaux);
    const { createRelease } = await import("~/features/releases/releases.server");
    await createRelease(production.id, margaux.id, { slug: "premiere", title: "Premiere cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: premiereAt, synopsis: "" });

    const producer = await person({ timezoneId: c.zone });
    await signInAs(producer, margaux);
    await visit(producer, `/p/${production.slug}`);
    await zoneKnown(producer, c.zone);

    await visit(producer, `/p/${production.slug}/polls/new`);
    await producer.getByLabel("Question").fill("Which title?");
    await producer.getByLabel("Option 1", { exact: true }).fill("Les Veilleurs");
    await producer.getByLabel("Option 2", { exact: true }).fill("La Veille");
    await producer.getByLabel(`Closes at (time in ${c.zone})`).fill(c.closes.typed);
    await producer.getByRole("button", { name: "Create the poll" }).click();
    // Not the form's own address (/polls/new): the new poll's.
    await producer.waitForURL(new RegExp(`/p/${production.slug}/polls/(?!new$)[a-z0-9]+$`));
    const pollId = new URL(producer.url()).pathname.split("/").pop()!;
    expect((await db.poll.findUniqueOrThrow({ where: { id: pollId } })).closesAt.toISOString()).toBe(c.closes.stored);
    await expect.poll(() => producer.getByText(`Open — closes ${c.closes.shown}`).count()).toBe(1);
    await a11y(producer);

    // A new closing time, on the same clock.
    await producer.getByLabel(`New closing time (time in ${c.zone})`).fill(c.extended.typed);
    await producer.getByRole("button", { name: "Extend" }).click();
    await expect.poll(async () => (await db.poll.findUniqueOrThrow({ where: { id: pollId } })).closesAt.toISOString()).toBe(c.extended.stored);

    // The release's embargo and its publication field, on her clock.
    await visit(producer, `/p/${production.slug}/releases/premiere`);
    expect(await producer.getByTestId("embargo").textContent()).toContain(c.premiere.shown);
    expect(await producer.getByLabel(`Publication (time in ${c.zone})`).inputValue()).toBe(c.premiere.field);
  });
}

test("a visitor's first page names UTC; the next is rendered on her clock, before any script runs", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const { createRelease } = await import("~/features/releases/releases.server");
  await createRelease(production.id, margaux.id, { slug: "premiere", title: "Premiere cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: premiereAt, synopsis: "" });
  const path = `/p/${production.slug}/releases/premiere`;

  const visitor = await person({ timezoneId: "Pacific/Auckland" });
  await visit(visitor, path);
  expect(await visitor.getByTestId("embargo").textContent()).toBe(
    "This film opens to everyone on Tue, 1 Jun 2094, 08:00 (UTC). Until then its files are kept for the premiere.",
  );
  await zoneKnown(visitor, "Pacific/Auckland");
  // The server's own page already reads on her clock: nothing changes when it hydrates.
  const html = await (await visitor.reload())!.text();
  expect(html).toContain("This film opens to everyone on Tue, 1 Jun 2094, 20:00 (Pacific/Auckland).");
  expect(await visitor.getByTestId("embargo").textContent()).toContain("Tue, 1 Jun 2094, 20:00 (Pacific/Auckland)");
});
