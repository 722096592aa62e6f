// In the browser: a forgotten password reset through the mailed link, a password
// change, and a production edited with a poster upload (and a file that only
// pretends to be an image).
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { encodePng } from "~/features/media/png";
import { testProduction, testUser } from "../support/collab";
import { newPerson } from "../support/people";
import { a11y, baseUrl, expect, logIn, signInAs, signUp, test, visit } from "../support/browser";

/** The reset link of the last mail the studio printed for this address (no SMTP in tests). */
function mailedLink(email: string): string | undefined {
  const log = readFileSync(inject("serverLog"), "utf8");
  const mails = log.split("── mail").filter((m) => m.includes(`To: ${email}`));
  return /https?:\/\/\S+\/reset-password\/[\w-]+/.exec(mails.at(-1) ?? "")?.[0];
}

test("a forgotten password is reset through the mailed link, once", async ({ person }) => {
  const page = await person();
  const ines = newPerson("ines");
  await signUp(page, ines);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await a11y(page);

  await visit(page, "/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.waitForURL(`${baseUrl}/forgot-password`);
  await a11y(page);
  await page.getByLabel("Email").fill(ines.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect.poll(() => page.getByRole("status").textContent()).toContain("If an account uses that address");
  await a11y(page);

  await expect.poll(() => mailedLink(ines.email)).toBeTruthy();
  const link = mailedLink(ines.email)!;
  await visit(page, new URL(link).pathname);
  await page.getByLabel("New password").fill("a fresh long password");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.waitForURL(`${baseUrl}/settings?reset=1`);
  await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Your password is changed. You are logged in.");
  await a11y(page);

  await visit(page, new URL(link).pathname);
  expect(await page.getByText("This link has expired or was already used.").count()).toBe(1);

  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await a11y(page);
  await logIn(page, ines.handle, ines.password);
  await expect.poll(() => page.getByRole("alert").textContent()).toBe("That email or handle and password do not match.");
  await a11y(page);
  await page.getByLabel("Password").fill("a fresh long password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await a11y(page);
});

test("changing the password asks for the current one", async ({ person }) => {
  const page = await person();
  const jo = newPerson("jo");
  await signUp(page, jo);
  await visit(page, "/settings");
  await page.getByLabel("Current password").fill("not it at all");
  await page.getByLabel("New password").fill("another long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect.poll(() => page.locator("#currentPassword-error").textContent()).toBe("The current password is not right.");
  await a11y(page);
  await page.getByLabel("Current password").fill(jo.password);
  await page.getByLabel("New password").fill("another long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Password changed. Every other session was logged out.");
  await a11y(page);
});

test("a producer edits the production and uploads a poster; a fake image is refused, nothing typed lost", async ({ person }) => {
  const producer = await testUser("kim");
  const { production } = await testProduction(producer);
  const page = await person();
  await signInAs(page, producer);

  await visit(page, `/p/${production.slug}/edit`);
  await page.getByLabel("Title").fill("The Night Bus, second cut");
  await page.getByLabel("Poster").setInputFiles({ name: "poster.png", mimeType: "image/png", buffer: Buffer.from("<script>alert(1)</script>") });
  await page.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => page.locator("#poster-error").textContent()).toBe("This file is not a PNG, JPEG, WebP or GIF image.");
  expect(await page.getByLabel("Title").inputValue()).toBe("The Night Bus, second cut");
  await a11y(page);

  const poster = encodePng(60, 90, (x, y) => [20 + x, 30, 80 + y]);
  await page.getByLabel("Poster").setInputFiles({ name: "poster.png", mimeType: "image/png", buffer: poster });
  await page.getByLabel(/^Attribution 4\.0/).check();
  expect(await page.getByText("Not copyleft: others may remix the film").count()).toBeGreaterThan(0);
  await page.getByLabel("Phase").selectOption("production");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(`${baseUrl}/p/${production.slug}?saved=1`);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("The Night Bus, second cut");
  // The poster shows in the production's header, beside its title (decision 0041).
  const img = page.locator("img.production-bar-poster");
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const served = await page.request.get(`${baseUrl}/p/${production.slug}/poster`);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect((await served.body()).readUInt32BE(16)).toBe(60); // the PNG's width, as uploaded
  expect(await page.getByText("Licensed under CC BY 4.0").count()).toBe(1);
  expect(await page.getByText("Production", { exact: true }).count()).toBeGreaterThan(0);
  await a11y(page);
});
