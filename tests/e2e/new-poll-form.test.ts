// The new-poll form with JavaScript, on a phone: three option slots to start, one more at
// a time, only the chosen method's settings, and Enter in a field creates the poll.
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

test("starts with three options, adds one in place, shows approval's settings only for approval, and Enter creates the poll", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const page = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(page, margaux);
  await visit(page, `/p/${production.slug}/polls/new`);
  const options = page.getByRole("textbox", { name: /^Option \d+$/ });
  await expect.poll(() => options.count()).toBe(3);
  const approval = page.getByTestId("approval-settings");
  await expect.poll(() => approval.isVisible()).toBe(false);

  await page.getByLabel("How votes are counted").selectOption("approval");
  await expect.poll(() => approval.isVisible()).toBe(true);
  await page.getByLabel("How votes are counted").selectOption("plurality");
  await expect.poll(() => approval.isVisible()).toBe(false);

  await page.getByRole("textbox", { name: "Question" }).fill("Which ending?");
  await options.nth(0).fill("The lighthouse");
  await page.getByRole("button", { name: "Add an option" }).click();
  await expect.poll(() => options.count()).toBe(4);
  // the new slot has the focus, and what was typed is still there
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("option-4");
  expect(await options.nth(0).inputValue()).toBe("The lighthouse");
  await page.keyboard.type("The bakery at dawn");
  await a11y(page);

  await page.keyboard.press("Enter");
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toMatch(new RegExp(`^/p/${production.slug}/polls/[^/]+$`));
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Which ending?");
  await a11y(page);
});
