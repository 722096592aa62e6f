// The studio in a dark colour scheme (decision 0036): a person whose system is dark
// gets dark pages, and every page keeps its contrast (axe runs on each).
import type { Page } from "playwright-core";
import { expect, signInAs, test, visit } from "../support/browser";

const p = "/p/les-veilleurs";

/** How light the page's background and text are (relative luminance, 0 black to 1 white). */
async function luminances(page: Page) {
  return page.evaluate(() => {
    const lum = (colour: string) => {
      const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((c) => {
        const v = Number(c) / 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const style = getComputedStyle(document.documentElement);
    return { background: lum(style.backgroundColor), text: lum(getComputedStyle(document.body).color) };
  });
}

/** Visit each page in a dark browser and check it is dark; axe checks its contrast. */
async function allDark(page: Page, paths: string[]) {
  for (const path of paths) {
    await visit(page, path);
    const { background, text } = await luminances(page);
    expect(background, `${path}: a dark background`).toBeLessThan(0.05);
    expect(text, `${path}: light text`).toBeGreaterThan(0.6);
  }
}

test("in the dark colour scheme, a visitor's pages are dark and keep their contrast", async ({ person }) => {
  const visitor = await person({ colorScheme: "dark" });
  await allDark(visitor, ["/", "/explore", "/login", p, `${p}/script`, `${p}/wiki`, `${p}/decisions`, `${p}/decisions/3`, `${p}/releases/festival-cut`]);
}, 300_000);

test("in the dark colour scheme, on a phone and in French, the producer's pages are dark and keep their contrast", async ({ person }) => {
  const { createSession } = await import("~/features/auth/session.server");
  const { db } = await import("~/lib/db.server");
  const margaux = await db.user.findUniqueOrThrow({ where: { handle: "margaux" } }); // the demo's producer
  const production = await db.production.findUniqueOrThrow({ where: { slug: "les-veilleurs" } });
  const poll = await db.poll.findFirstOrThrow({ where: { productionId: production.id }, orderBy: { createdAt: "asc" } });
  const producer = await person({ colorScheme: "dark", locale: "fr-FR", viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(producer, await createSession(margaux.id, "test client"));
  await allDark(producer, [`${p}/tracker`, `${p}/tracker/tasks/1`, `${p}/tracker/schedule`, `${p}/polls`, `${p}/polls/${poll.id}`, `${p}/polls/new`]);
}, 300_000);

test("in the dark colour scheme, the producer's forms and lists are dark and keep their contrast", async ({ person }) => {
  const { createSession } = await import("~/features/auth/session.server");
  const { db } = await import("~/lib/db.server");
  const margaux = await db.user.findUniqueOrThrow({ where: { handle: "margaux" } });
  const producer = await person({ colorScheme: "dark" });
  await signInAs(producer, await createSession(margaux.id, "test client"));
  await allDark(producer, [`${p}/members`, `${p}/notes`, `${p}/releases`, "/settings", "/notifications", "/productions/new"]);
}, 300_000);
