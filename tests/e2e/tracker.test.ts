// The tracker in Chromium: a producer opens a call for a poster design, two members
// answer it (one on a phone), crew accept one, whose profile then credits the work; a
// task is dragged across the board, and moved by keyboard too.
import type { Page } from "playwright-core";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

test("an open call for the poster, answered twice, one accepted and credited; the board moves by drag and by keyboard", async ({ person }) => {
  const margaux = await testUser("margaux");
  const aiko = await testUser("aiko");
  const lena = await testUser("lena");
  const samir = await testUser("samir");
  const { production } = await testProduction(margaux, [aiko, lena, samir]);
  const { changeRole } = await import("~/features/productions/membership.server");
  await changeRole(production.id, margaux.id, aiko.id, "crew");
  const tracker = `/p/${production.slug}/tracker`;

  // The producer opens the call.
  const producer = await person();
  await signInAs(producer, margaux);
  await visit(producer, tracker);
  await a11y(producer);
  await producer.getByRole("link", { name: "New task" }).click();
  await producer.waitForURL(/\/tasks\/new$/);
  await a11y(producer);
  await producer.getByLabel("Title").fill("Design the poster");
  await producer.getByLabel("Type").selectOption({ label: "Poster" });
  await producer.getByLabel("Description").fill("The lamp won the vote: draw the final poster.");
  await producer.getByLabel("Open call: any member may take it or submit work").check();
  await producer.getByRole("button", { name: "Create the task" }).click();
  await producer.waitForURL(/\/tasks\/1$/);
  await a11y(producer);

  // Two members answer without being assigned: one with a file, one from a phone.
  const submit = async (page: Page, note: string, file?: { name: string; mimeType: string; buffer: Buffer }) => {
    await visit(page, `${tracker}?view=list&open=1`);
    await a11y(page);
    await page.getByRole("link", { name: /T-1 Design the poster/ }).click();
    await page.waitForURL(/\/tasks\/1$/);
    if (file) await page.getByLabel("File (optional)").setInputFiles(file);
    await page.getByLabel("Note").fill(note);
    await page.getByRole("button", { name: "Submit", exact: true }).click();
    await expect.poll(() => page.getByText("Your work is submitted: the crew will review it.").count()).toBe(1);
    await a11y(page);
  };
  const a = await person();
  await signInAs(a, lena);
  const { encodePng } = await import("~/features/media/png");
  await submit(a, "The lamp from below, the title in the glass.", { name: "poster.png", mimeType: "image/png", buffer: Buffer.from(encodePng(40, 60, (x, y) => [200, 120 + y, x * 4])) });
  const b = await person({ viewport: { width: 360, height: 780 }, hasTouch: true });
  await signInAs(b, samir);
  await submit(b, "Three silhouettes under one lamp.");
  expect(await b.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // Crew accept Lena's and ask Samir for changes.
  const crew = await person();
  await signInAs(crew, aiko);
  await visit(crew, `${tracker}/tasks/1`);
  await expect.poll(() => crew.getByTestId("submissions").getByRole("listitem").count()).toBe(2);
  await a11y(crew);
  const [first, second] = [crew.getByTestId("submissions").getByRole("listitem").nth(0), crew.getByTestId("submissions").getByRole("listitem").nth(1)];
  await first.getByLabel("Review comment").fill("This is the one.");
  await first.getByRole("button", { name: "Accept" }).click();
  await expect.poll(() => crew.getByTestId("submission-status").first().textContent()).toBe("Accepted");
  await second.getByRole("button", { name: "Ask for changes" }).click();
  await expect.poll(() => crew.getByTestId("submission-status").nth(1).textContent()).toBe("Changes asked");
  await a11y(crew);

  // Lena is told, and her profile credits the poster.
  await visit(a, "/notifications");
  await expect.poll(() => a.getByTestId("notifications").textContent()).toContain("reviewed your work on T-1 Design the poster: Accepted");
  await a11y(a);
  await visit(a, `/u/${lena.handle}`);
  await expect.poll(() => a.getByTestId("credits").textContent()).toContain("Design the poster");
  await a11y(a);

  // The board: drag the task from "To do" to "In progress".
  await visit(crew, tracker);
  await a11y(crew);
  const card = crew.getByTestId("task-1");
  await expect.poll(() => crew.getByTestId("column-todo").getByTestId("task-1").count()).toBe(1);
  await card.dragTo(crew.getByTestId("column-wip"));
  await expect.poll(() => crew.getByTestId("column-wip").getByTestId("task-1").count()).toBe(1);
  // And by keyboard: Move opens the card's status list, with the focus on it; choose
  // "Waiting for review", then Move.
  const focused = (locator: ReturnType<typeof crew.getByLabel>) => locator.evaluate((el) => el === document.activeElement);
  await crew.getByRole("button", { name: "Move T-1" }).focus();
  await crew.keyboard.press("Enter");
  await expect.poll(() => focused(crew.getByLabel("Status of T-1"))).toBe(true);
  // Escape closes it, back on the button; Enter opens it again.
  await crew.keyboard.press("Escape");
  await expect.poll(() => focused(crew.getByRole("button", { name: "Move T-1" }))).toBe(true);
  await crew.keyboard.press("Enter");
  await expect.poll(() => focused(crew.getByLabel("Status of T-1"))).toBe(true);
  await crew.getByLabel("Status of T-1").selectOption({ label: "Waiting for review" });
  await crew.keyboard.press("Tab");
  await crew.keyboard.press("Enter");
  await expect.poll(() => crew.getByTestId("column-review").getByTestId("task-1").count()).toBe(1);
  await a11y(crew);

  // A visitor reads the board and cannot move anything.
  const visitor = await person();
  await visit(visitor, tracker);
  expect(await visitor.getByRole("button", { name: "Move" }).count()).toBe(0);
  await a11y(visitor);
});
