// Films one can watch lead /explore and a production's home (decision 0046): released
// films newest premiere first with their shape, licence and premiere, then what is coming;
// the home shows its film to watch and download, or the premiere's countdown.
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");

const page = async (path: string, cookie = "") => {
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
};
const section = (html: string, testId: string) => html.match(new RegExp(`<ul[^>]*data-testid="${testId}"[\\s\\S]*?</ul>`))?.[0] ?? "";

async function film(producer: TestUser, title: string, publishAt: Date, withFilm = true) {
  const { production } = await testProduction(producer);
  await db.production.update({ where: { id: production.id }, data: { title } });
  const release = await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Final cut", version: "1", licence: "CC-BY-4.0", publishAt, createdById: producer.id } });
  if (withFilm) {
    await db.releaseFile.create({
      data: { releaseId: release.id, name: "film.mp4", kind: "film", mimeType: "video/mp4", size: 10n, sha256: "0".repeat(64), width: 1920, height: 800, storageKey: `releases/${release.id}/f${randomBytes(6).toString("hex")}` },
    });
  }
  return { production, release, href: `/p/${production.slug}/releases/cut` };
}

describe("films first", () => {
  it("explore opens with the films one can watch now, newest first, then the premieres to come, soonest first", async () => {
    const producer = await testUser("show");
    const now = Date.now();
    const older = await film(producer, "Older film", new Date(now - 2000));
    const newer = await film(producer, "Newer film", new Date(now - 1000));
    const noFile = await film(producer, "Nothing to watch", new Date(now - 500), false);
    // Premieres soon enough that the other tests' releases (each row shows twelve films) do
    // not come between; the page is read a few seconds after.
    const later = await film(producer, "Later film", new Date(now + 20 * 60_000));
    const sooner = await film(producer, "Sooner film", new Date(now + 10 * 60_000));

    const html = await page("/explore");
    const watch = section(html, "watch-now");
    expect(watch).toContain(`href="${newer.href}"`);
    expect(watch.indexOf(`href="${newer.href}"`)).toBeLessThan(watch.indexOf(`href="${older.href}"`));
    // A release without a film file is nothing to watch; one not out yet is not here.
    expect(watch).not.toContain(noFile.href);
    expect(watch).not.toContain(sooner.href);
    // The card: the film's own shape, its title, licence and premiere.
    const card = watch.slice(watch.lastIndexOf("<li", watch.indexOf(newer.href)), watch.indexOf("</li>", watch.indexOf(newer.href)));
    expect(card).toContain("aspect-ratio:1920 / 800");
    expect(card).toContain("Newer film — Final cut");
    expect(card).toContain("CC BY 4.0");
    expect(card).toMatch(/out since \d+ \w+ \d{4}/);

    const coming = section(html, "coming");
    expect(coming.indexOf(`href="${sooner.href}"`)).toBeGreaterThan(-1);
    expect(coming.indexOf(`href="${sooner.href}"`)).toBeLessThan(coming.indexOf(`href="${later.href}"`));
    expect(coming).toMatch(/premieres \w+, \d+ \w+ \d{4}, \d\d:\d\d \(UTC\)/);
    // The films lead the page, before the productions.
    expect(html.indexOf('data-testid="watch-now"')).toBeLessThan(html.indexOf('data-testid="coming"'));
    expect(html.indexOf('data-testid="coming"')).toBeLessThan(html.indexOf('id="productions-h"'));

    const fr = await page("/explore", "claquette_lang=fr");
    expect(fr).toContain(">À voir maintenant</h2>");
    expect(fr).toContain(">Bientôt</h2>");
    expect(section(fr, "watch-now")).toMatch(/sorti le \d+ \S+ \d{4}/);
  });

  it("each row shows twelve films and a plain link to the next twelve, which keeps the other row's page", async () => {
    const producer = await testUser("more");
    const now = Date.now();
    // Thirteen films out, the newest last (the 13th newest is the first made); thirteen
    // premieres to come, the soonest first, before those of the test above.
    const out = [];
    for (let i = 0; i < 13; i++) out.push(await film(producer, `Out ${i}`, new Date(now - 13 + i)));
    const soon = [];
    for (let i = 0; i < 13; i++) soon.push(await film(producer, `Soon ${i}`, new Date(now + 5 * 60_000 + i * 1000)));
    // A "more" link: its address and its words.
    const link = (html: string, testId: string) => {
      const a = html.match(new RegExp(`<a[^>]*data-testid="${testId}"[^>]*>[^<]*</a>`))?.[0] ?? "";
      return [a.match(/href="([^"]*)"/)?.[1], a.match(/>([^<]*)</)?.[1]];
    };

    // A visitor's page, as the cache keeps it: the query string makes another page.
    const first = await page("/explore");
    for (const f of out.slice(1)) expect(section(first, "watch-now")).toContain(`href="${f.href}"`);
    expect(section(first, "watch-now")).not.toContain(`href="${out[0]!.href}"`);
    expect(section(first, "coming")).not.toContain(`href="${soon[12]!.href}"`);
    expect(link(first, "more-watch-now")).toEqual(["/explore?watch=2#watch-now-h", "More films to watch"]);
    expect(link(first, "more-coming")).toEqual(["/explore?coming=2#coming-h", "More premieres to come"]);

    const second = await page("/explore?watch=2");
    expect(section(second, "watch-now")).toContain(`href="${out[0]!.href}"`);
    expect(section(second, "watch-now")).not.toContain(`href="${out[12]!.href}"`);
    // The premieres' row is still on its first page, and its link keeps the films' page.
    expect(section(second, "coming")).toContain(`href="${soon[0]!.href}"`);
    expect(link(second, "more-coming")[0]).toBe("/explore?watch=2&amp;coming=2#coming-h");
    const both = await page("/explore?watch=2&coming=2");
    expect(section(both, "watch-now")).toContain(`href="${out[0]!.href}"`);
    expect(section(both, "coming")).toContain(`href="${soon[12]!.href}"`);
    expect(section(both, "coming")).not.toContain(`href="${soon[0]!.href}"`);

    // An address that makes no sense is the first page.
    expect(section(await page("/explore?watch=x&coming=-3"), "watch-now")).toContain(`href="${out[12]!.href}"`);
    const fr = await page("/explore", "claquette_lang=fr");
    expect(link(fr, "more-watch-now")[1]).toBe("Plus de films à voir");
    expect(link(fr, "more-coming")[1]).toBe("D’autres premières à venir");
  });

  it("a production's home leads with its film to watch and download, or with its premiere's countdown", async () => {
    const producer = await testUser("home");
    const out = await film(producer, "Out now", new Date(Date.now() - 1000));
    let html = await page(`/p/${out.production.slug}`);
    const lead = html.slice(html.indexOf('data-testid="watch-film"'), html.indexOf('data-testid="overview-open"'));
    expect(lead).toContain("aspect-ratio:1920 / 800");
    expect(lead).toMatch(new RegExp(`href="${out.href}"[^>]*>Watch the film<`));
    expect(lead).toMatch(new RegExp(`href="${out.href}#files-h"[^>]*>Download<`));

    const soon = await film(producer, "Soon", new Date(Date.now() + 2 * 86_400_000 + 3 * 3_600_000 + 120_000));
    html = await page(`/p/${soon.production.slug}`, "claquette_tz=Europe%2FParis");
    expect(html).not.toContain('data-testid="watch-film"');
    const upcoming = html.slice(html.indexOf('data-testid="coming-film"'), html.indexOf('data-testid="overview-open"'));
    expect(upcoming).toContain("Final cut is coming");
    expect(upcoming).toMatch(/Premieres in <span role="timer"[^>]*>2 days 3 hours<\/span> — \w+, \d+ \w+ \d{4}, \d\d:\d\d \(Europe\/Paris\)/);
    expect(upcoming).not.toContain(">Watch the film<");
  });
});
