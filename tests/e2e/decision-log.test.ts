// Two producers draft a decision live, propose it, a member comments, a producer
// accepts it; a visitor reads it in the log and in the feed, frozen.
import type { Page } from "playwright-core";
import { changeRole } from "~/features/productions/membership.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, baseUrl, caretSettled, expect, signInAs, test, visit } from "../support/browser";

const editorOf = (page: Page) => page.getByRole("textbox", { name: "Text of the decision" });
const connected = "Connected: your changes are shared as you type.";

test("two producers draft a decision live, the community discusses it, a producer accepts it, a visitor reads it", async ({ person }) => {
  const noor = await testUser("noor");
  const basile = await testUser("basile");
  const ana = await testUser("ana");
  const { production } = await testProduction(noor, [basile, ana]);
  await changeRole(production.id, noor.id, basile.id, "producer");

  // Noor starts a draft.
  const a = await person();
  await signInAs(a, noor);
  await visit(a, `/p/${production.slug}/decisions`);
  await a.getByRole("link", { name: "New decision" }).click();
  await a.waitForURL(/\/decisions\/new$/);
  await a11y(a);
  await a.getByLabel("Title").fill("The last bus scene is shot at dawn");
  await a.getByLabel("Topics").fill("shooting, schedule");
  await a.getByRole("button", { name: "Create the draft" }).click();
  await a.waitForURL(/\/decisions\/1$/);
  await expect.poll(() => a.getByTestId("connection-state").textContent()).toBe(connected);
  await a11y(a);

  // Basile, on a phone, writes in the same text at the same time.
  const b = await person({ viewport: { width: 390, height: 844 } });
  await signInAs(b, basile);
  await visit(b, `/p/${production.slug}/decisions/1`);
  await expect.poll(() => b.getByTestId("connection-state").textContent()).toBe(connected);
  await editorOf(a).click();
  await a.keyboard.press("Control+End");
  await a.keyboard.type("Dawn light matches the lamps going out.");
  await expect.poll(() => editorOf(b).textContent()).toContain("Dawn light matches the lamps going out.");
  await editorOf(b).click();
  await b.keyboard.press("Control+End");
  await caretSettled(b);
  await b.keyboard.press("Enter");
  await b.keyboard.type("Two nights of shooting instead of one.");
  await expect.poll(() => editorOf(a).textContent()).toContain("Two nights of shooting instead of one.");
  await a11y(b);

  // A draft is not public yet.
  const visitor = await person();
  const hidden = await visitor.goto(`${baseUrl}/p/${production.slug}/decisions/1`);
  expect(hidden?.url()).toContain("/login");
  await a11y(visitor);

  // Noor proposes it; Ana, a member, comments.
  await a.getByRole("button", { name: "Propose to the community" }).click();
  await expect.poll(() => a.getByText("Proposed: the community discusses it").count()).toBe(1);
  const c = await person();
  await signInAs(c, ana);
  await visit(c, `/p/${production.slug}/decisions/1`);
  expect(await editorOf(c).count()).toBe(0); // members discuss; producers and crew write
  await c.getByLabel("Your comment").fill("Dawn means the bakery is open: Ana's scene fits.");
  await c.getByRole("button", { name: "Comment" }).click();
  await expect.poll(() => c.getByTestId("discussion").textContent()).toContain("Dawn means the bakery is open");

  // Basile accepts: the text freezes, for him too.
  await visit(b, `/p/${production.slug}/decisions/1`);
  // Irreversible: it asks first (decision 0034).
  await b.getByLabel("I understand that the decision cannot be changed afterwards").check();
  await b.getByRole("button", { name: "Accept" }).click();
  await expect.poll(() => b.getByTestId("frozen").count()).toBe(1);
  expect(await editorOf(b).count()).toBe(0);
  await expect.poll(() => b.getByTestId("frozen").textContent()).toContain("This decision was accepted");

  // A visitor finds it in the log, reads it with its discussion, and in the feed.
  await visit(visitor, `/p/${production.slug}/decisions`);
  await expect.poll(() => visitor.getByTestId("decision-log").textContent()).toContain("The last bus scene is shot at dawn");
  await visitor.getByRole("link", { name: /The last bus scene is shot at dawn/ }).click();
  await visitor.waitForURL(/\/decisions\/1$/);
  await expect.poll(() => visitor.locator("h1").textContent()).toContain("D-1");
  const page = await visitor.locator("main").textContent();
  expect(page).toContain("Dawn light matches the lamps going out.");
  expect(page).toContain("Two nights of shooting instead of one.");
  expect(page).toContain("Dawn means the bakery is open");
  expect(page).toContain("Accepted");
  await a11y(visitor);
  const feed = await (await fetch(`${baseUrl}/p/${production.slug}/decisions.atom`)).text();
  expect(feed).toContain("D-1 The last bus scene is shot at dawn — Accepted");
});
