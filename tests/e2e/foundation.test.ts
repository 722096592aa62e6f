// What a person does in the browser: sign up, start a production, bring someone
// in, promote them; log in wrongly; revoke a session; switch language.
import { newPerson } from "../support/people";
import { a11y, baseUrl, expect, logIn, signInAs, signUp, test, visit } from "../support/browser";

test("a producer starts a production, a second person joins, is promoted, and sees the new role", async ({ person }) => {
  const producer = await person();
  const alice = newPerson("alice");
  await signUp(producer, alice);

  await visit(producer, "/productions/new");
  await producer.getByLabel("Title").fill("The Night Bus");
  await producer.getByLabel("Address").fill(`night-bus-${alice.handle}`);
  await producer.getByLabel("Logline").fill("The last bus of the night never reaches the depot.");
  await producer.getByRole("button", { name: "Create the production" }).click();
  const slug = `night-bus-${alice.handle}`;
  await producer.waitForURL(`${baseUrl}/p/${slug}`);
  await expect.poll(() => producer.getByRole("heading", { level: 1 }).textContent()).toBe("The Night Bus");
  await expect.poll(() => producer.getByTestId("my-role").textContent()).toBe("You are: Producer");
  await a11y(producer);

  const newcomer = await person();
  const bob = newPerson("bob");
  await signUp(newcomer, bob);
  await visit(newcomer, `/p/${slug}`);
  await newcomer.getByRole("button", { name: "Join" }).click();
  await expect.poll(() => newcomer.getByTestId("my-role").textContent()).toBe("You are: Member");
  await a11y(newcomer);

  await visit(producer, `/p/${slug}/members`);
  await producer.getByLabel(`Role of ${bob.displayName}`).selectOption("crew");
  const row = producer.getByTestId(`member-${bob.handle}`);
  await row.getByRole("button", { name: "Change role" }).click();
  await expect.poll(() => producer.getByRole("status").textContent()).toBe("Role changed.");
  await expect.poll(() => row.getByRole("cell").nth(1).textContent()).toBe("Crew");
  await a11y(producer);

  await newcomer.reload();
  await expect.poll(() => newcomer.getByTestId("my-role").textContent()).toBe("You are: Crew");
  await a11y(newcomer);

  // The production's activity tells the story.
  await visit(newcomer, `/p/${slug}`);
  const activity = await newcomer.getByRole("region", { name: "What is happening" }).textContent();
  expect(activity).toContain(`${alice.displayName} made ${bob.displayName} Crew`);
  expect(activity).toContain(`${bob.displayName} joined`);
});

test("a wrong password gets a clear message and keeps what was typed", async ({ person }) => {
  const page = await person();
  const carol = newPerson("carol");
  await signUp(page, carol);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await a11y(page);

  await logIn(page, carol.handle, "not the password at all");
  await expect.poll(() => page.getByRole("alert").textContent()).toBe("That email or handle and password do not match.");
  expect(await page.getByLabel("Email or handle").inputValue()).toBe(carol.handle);
  await a11y(page);

  await page.getByLabel("Password").fill(carol.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await a11y(page);
});

test("revoking a session logs the other browser out", async ({ person }) => {
  const laptop = await person();
  const phone = await person({ viewport: { width: 375, height: 740 } });
  const dan = newPerson("dan");
  await signUp(laptop, dan);
  await logIn(phone, dan.email, dan.password);
  await phone.waitForURL(`${baseUrl}/`);
  await a11y(phone);

  await visit(laptop, "/settings");
  await expect.poll(() => laptop.getByTestId("session").count()).toBe(2);
  await laptop.getByRole("button", { name: /^Log out this session/ }).click();
  await expect.poll(() => laptop.getByRole("status").textContent()).toBe("That session is logged out.");
  await expect.poll(() => laptop.getByTestId("session").count()).toBe(1);
  await a11y(laptop);

  await visit(phone, "/settings");
  expect(new URL(phone.url()).pathname).toBe("/login");
  await phone.locator("summary", { hasText: "Menu" }).click(); // the site's links are in its menu on a phone
  await expect.poll(() => phone.getByRole("link", { name: "Log in" }).count()).toBeGreaterThan(0);
});

test("sign-up errors show beside their fields and keep the values typed", async ({ person }) => {
  const page = await person();
  await visit(page, "/signup");
  await page.getByLabel("Handle").fill("No Spaces Allowed");
  await page.getByLabel("Display name").fill("Eve");
  await page.getByLabel("Email").fill("eve@example");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect.poll(() => page.locator("#handle-error").textContent()).toBe("Use 3 to 30 lowercase letters, digits, - or _.");
  expect(await page.locator("#email-error").textContent()).toBe("Enter a valid email address.");
  expect(await page.locator("#password-error").textContent()).toBe("Use at least 10 characters.");
  expect(await page.getByLabel("Handle").getAttribute("aria-invalid")).toBe("true");
  expect(await page.getByLabel("Display name").inputValue()).toBe("Eve");
  expect(await page.getByLabel("Email").inputValue()).toBe("eve@example");
  await a11y(page);
});

test("French from the browser, English on request, remembered", async ({ person }) => {
  const page = await person({ locale: "fr-FR" });
  await visit(page, "/");
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Faire des films à ciel ouvert");
  expect(await page.locator("html").getAttribute("lang")).toBe("fr");
  await visit(page, "/p/les-veilleurs");
  expect(await page.getByText("Préproduction").count()).toBeGreaterThan(0);

  await page.getByRole("form", { name: "Langue" }).getByRole("button", { name: "English" }).click();
  await expect.poll(() => page.getByRole("link", { name: "Log in to join this production." }).count()).toBe(1);
  await a11y(page);
  await visit(page, "/");
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Make films in the open");
});

test("by keyboard: skip to content, then sign up without a mouse", async ({ person }) => {
  const page = await person();
  await visit(page, "/");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

  const frank = newPerson("frank");
  await visit(page, "/signup");
  await page.getByLabel("Handle").focus();
  await page.keyboard.type(frank.handle);
  await page.keyboard.press("Tab");
  await page.keyboard.type(frank.displayName);
  await page.keyboard.press("Tab");
  await page.keyboard.type(frank.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(frank.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${baseUrl}/`);
  await a11y(page);
});

test("on a phone-sized screen, pages fit the width", async ({ person }) => {
  const page = await person({ viewport: { width: 360, height: 740 } });
  const grace = newPerson("grace");
  await signUp(page, grace);
  for (const path of ["/", "/explore", "/p/les-veilleurs", "/p/les-veilleurs/members", "/settings", "/productions/new", `/u/${grace.handle}`]) {
    await visit(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});

test("on a phone-sized screen, in French and in English, the demo production's pages fit the width, for its producer too", async ({ person }) => {
  const { createSession } = await import("~/features/auth/session.server");
  const { db } = await import("~/lib/db.server");
  const margaux = await db.user.findUniqueOrThrow({ where: { handle: "margaux" } }); // the demo's producer
  const p = "/p/les-veilleurs";
  for (const locale of ["fr-FR", "en-GB"]) {
    const page = await person({ locale, viewport: { width: 360, height: 740 } });
    await signInAs(page, await createSession(margaux.id, "test client"));
    await visit(page, `${p}/tracker/scenes`);
    const scene = await page.locator(`a[href^="${p}/tracker/scenes/"]`).first().getAttribute("href");
    // Long French labels, selects as wide as a scene heading, a long address in a decision,
    // a film's player and its files table, forms and tables for producers.
    for (const path of [`${p}/tracker`, scene!, `${p}/tracker/settings`, `${p}/script`, `${p}/script/drafts`, `${p}/script/reports`, `${p}/decisions/3`, `${p}/releases/festival-cut`, `${p}/wiki`]) {
      await visit(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} (${locale}) scrolls sideways`).toBeLessThanOrEqual(0);
    }
  }
});
