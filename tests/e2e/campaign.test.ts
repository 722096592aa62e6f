// A producer opens a campaign with two tiers; two people pledge by bank transfer; the
// producer marks both received; the backer who gave a name is in the release's credits
// (page and CREDITS file), the anonymous one is not.
import { createRelease } from "~/features/releases/releases.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, expect, signInAs, test, visit } from "../support/browser";

test("a campaign: two tiers, two pledges by transfer marked received, a backer in the credits", async ({ person }) => {
  const noor = await testUser("noor");
  const { production } = await testProduction(noor);
  const cut = await createRelease(production.id, noor.id, { slug: "cut", title: "Cut", version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + 86_400_000), synopsis: "" });
  if (!cut.ok) throw new Error("release");

  const producer = await person();
  await signInAs(producer, noor);
  await visit(producer, `/p/${production.slug}/campaigns`);
  await producer.getByLabel("Title", { exact: true }).fill("Finish the sound mix");
  await producer.getByLabel("Goal", { exact: true }).fill("1000");
  await producer.getByLabel(/^Deadline/).fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16));
  const tier1 = producer.getByRole("group", { name: /^Tier 1/ });
  await tier1.getByLabel("Name", { exact: true }).fill("Friend");
  await tier1.getByLabel("Least amount").fill("10");
  await tier1.getByLabel("Credited as").selectOption("Backer");
  const tier2 = producer.getByRole("group", { name: /^Tier 2/ });
  await tier2.getByLabel("Name", { exact: true }).fill("Patron");
  await tier2.getByLabel("Least amount").fill("250");
  await tier2.getByLabel("Credited as").selectOption("Co-producer");
  await tier2.getByLabel("The poster").check();
  await producer.getByRole("button", { name: "Open the campaign" }).click();
  await producer.waitForURL(/\/campaigns\/[a-z0-9]+$/);
  const campaignUrl = new URL(producer.url()).pathname;
  await expect.poll(() => producer.locator("main").textContent()).toContain("from €250.00");
  await a11y(producer);

  // Two people pledge, one on a phone; one named, one anonymous.
  const pledges: string[] = [];
  for (const [who, tier, name] of [
    ["ada", "Patron (€250.00)", "Ada Lovelace"],
    ["bo", "Friend (€10.00)", ""],
  ] as const) {
    const backer = await person({ viewport: { width: 390, height: 844 } });
    await signInAs(backer, await testUser(who));
    await visit(backer, campaignUrl);
    await backer.getByLabel("Tier", { exact: true }).selectOption({ label: tier });
    if (name) {
      await backer.getByLabel("Your name in the credits").fill(name);
      await backer.getByLabel("Show my name on this page too").check();
    }
    await backer.getByRole("button", { name: "Pledge", exact: true }).click();
    const status = backer.getByRole("status");
    await expect.poll(() => status.textContent()).toMatch(/Your reference is CLQ-/);
    pledges.push(/CLQ-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec((await status.textContent()) ?? "")![0]);
    await expect.poll(() => backer.locator("main").textContent()).toContain("waiting for the transfer");
    await a11y(backer);
  }

  // The producer marks both received: the balance is their sum.
  await visit(producer, campaignUrl);
  for (const reference of pledges) {
    await producer.getByRole("button", { name: `Mark received: pledge ${reference}` }).click();
    await expect.poll(() => producer.getByRole("button", { name: `Mark received: pledge ${reference}` }).count()).toBe(0);
  }
  await expect.poll(() => producer.locator("main").textContent()).toContain("Balance: €260.00");
  await expect.poll(() => producer.locator("main").textContent()).toContain("€260.00 raised of €1,000.00 (26 %)");

  // The release's credits name the co-producer, not the anonymous friend.
  await visit(producer, `/p/${production.slug}/releases/cut`);
  const credits = producer.getByTestId("credits");
  await expect.poll(() => credits.textContent()).toContain("Co-producer");
  await expect.poll(() => credits.textContent()).toContain("Ada Lovelace");
  expect(await credits.textContent()).not.toContain("Backer");
  await expect.poll(() => producer.getByRole("link", { name: "Support the film" }).count()).toBe(1);
  const file = await producer.request.get(`${baseUrl}/p/${production.slug}/releases/cut/CREDITS.txt`);
  expect(await file.text()).toMatch(/Co-producer\n {2}Ada Lovelace\n/);
}, 240_000); // three browsers and many pages on two shared cores
