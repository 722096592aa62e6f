// On a laptop's screen (1366 px): the tracker board shows all its columns, its cards
// without list bullets, and the script's scene list shows each scene's number once.
import { createTask, ensureTracker, listsOf, setStatus } from "~/features/tracker/tracker.server";
import { resolveDocument } from "~/features/collab/store.server";
import { importFountain, scriptDocName } from "~/features/script/script.server";
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

const laptop = { width: 1366, height: 768 };

test("at 1366 px the board shows every column side by side, Done included, and its cards have no bullets", async ({ person }) => {
  const producer = await testUser("prod");
  const { production } = await testProduction(producer);
  await ensureTracker(production.id);
  const { statuses, types } = await listsOf(production.id);
  for (const s of statuses) {
    const task = await createTask(production.id, producer.id, { title: `A task in ${s.key}`, typeId: types[0]!.id });
    await setStatus({ ...task, productionId: production.id }, s.id, producer.id);
  }

  const page = await person({ viewport: laptop });
  await signInAs(page, producer);
  await visit(page, `/p/${production.slug}/tracker`);
  await a11y(page);
  const board = page.getByTestId("board");
  const shown = await board.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return {
      scrolls: el.scrollWidth > el.clientWidth + 1,
      columns: [...el.querySelectorAll<HTMLElement>(".board-column")].map((c) => {
        const r = c.getBoundingClientRect();
        return { left: r.left, right: r.right, inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.right <= window.innerWidth };
      }),
      bullets: [...el.querySelectorAll("li")].map((li) => getComputedStyle(li).listStyleType).filter((s) => s !== "none"),
    };
  });
  expect(shown.columns).toHaveLength(statuses.length);
  expect(shown.columns.every((c) => c.inside), JSON.stringify(shown.columns)).toBe(true);
  expect(shown.scrolls).toBe(false);
  expect(shown.bullets).toEqual([]);
  await expect.poll(() => page.getByTestId("column-done").getByText("A task in done").isVisible()).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The production's header lines up with the page under it, on the wide board and on a
  // page of the usual width.
  const lefts = () =>
    page.evaluate(() =>
      [".production-bar-title", "main h1"].map((s) => {
        const el = document.querySelector(s)!;
        return Math.round(el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)); // where its text starts
      }),
    );
  const [barOnBoard, titleOnBoard] = await lefts();
  expect(Math.abs(barOnBoard! - titleOnBoard!), `header at ${barOnBoard}, board's title at ${titleOnBoard}`).toBeLessThanOrEqual(1);
  await visit(page, `/p/${production.slug}/polls`);
  await a11y(page);
  const [bar, title] = await lefts();
  expect(Math.abs(bar! - title!), `header at ${bar}, title at ${title}`).toBeLessThanOrEqual(1);
});

test("the script's scene list shows each scene's own number, without a list number before it", async ({ person }) => {
  const producer = await testUser("prod");
  const { production } = await testProduction(producer);
  const info = (await resolveDocument(scriptDocName(production.id)))!;
  await importFountain(info, "INT. BAKERY - NIGHT\n\nBread.\n\nEXT. STREET - NIGHT #12A#\n\nLamps.\n", producer.id, "two.fountain");

  const page = await person({ viewport: laptop });
  await visit(page, `/p/${production.slug}/script`);
  const list = page.getByTestId("scene-list");
  await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
  const items = await list.evaluate((ol) => [...ol.querySelectorAll("li")].map((li) => ({ marker: getComputedStyle(li).listStyleType, text: (li as HTMLElement).innerText.trim() })));
  expect(items.map((i) => i.marker)).toEqual(["none", "none"]);
  expect(items.map((i) => i.text)).toEqual(["1 INT. BAKERY - NIGHT", "12A EXT. STREET - NIGHT"]);
});

test("on a phone, titles suggest the web address as they are typed until the person types their own, and the follow page fits", async ({ person }) => {
  const producer = await testUser("prod");
  const { production } = await testProduction(producer);
  const page = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(page, producer);

  // A new production.
  await visit(page, "/productions/new");
  const title = page.getByLabel("Title", { exact: true });
  const address = page.getByLabel("Address", { exact: true });
  await title.pressSequentially("L'Été à Paris");
  await expect.poll(() => address.inputValue()).toBe("l-ete-a-paris");
  // The person's own address is kept as the title changes.
  await address.fill("paris-ete");
  await title.press("End");
  await title.pressSequentially(" 2");
  expect(await address.inputValue()).toBe("paris-ete");
  // Emptied, it follows the title again.
  await address.fill("");
  await title.press("End");
  await title.pressSequentially("!");
  await expect.poll(() => address.inputValue()).toBe("l-ete-a-paris-2");
  await a11y(page);

  // A new release.
  await visit(page, `/p/${production.slug}/releases/new`);
  await page.getByLabel("Title of the cut").pressSequentially("Festival Cut");
  await expect.poll(() => page.getByLabel("Address", { exact: true }).inputValue()).toBe("festival-cut");

  // A new wiki page: its address follows from its title, shown as it is typed.
  await visit(page, `/p/${production.slug}/wiki/new`);
  await page.getByLabel("Title", { exact: true }).pressSequentially("Noor Haddad");
  await expect.poll(() => page.getByTestId("wiki-address").textContent()).toBe(`Its address: /p/${production.slug}/wiki/noor-haddad`);
  await a11y(page);

  // The page beside the feeds, on the same phone: readable, nothing wider than the screen.
  await visit(page, `/p/${production.slug}/follow`);
  await expect.poll(() => page.getByLabel("Address to add to your calendar app").inputValue()).toMatch(/\/screenings\.ics$/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
