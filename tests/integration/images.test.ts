// Images over HTTP: a large upload served as a small WebP thumbnail beside the full
// image, and rows stored before thumbnails still answering for theirs.
import { describe, expect, inject, it } from "vitest";
import { sniffImage } from "~/features/media/image";
import { imageRecord } from "~/features/media/image.server";
import { encodePng } from "~/features/media/png";
import { createPoll } from "~/features/polls/polls.server";
import { createProduction } from "~/features/productions/production.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser } from "../support/collab";

const base = inject("baseUrl");
const isWebp = (b: Uint8Array) => Buffer.from(b.subarray(0, 4)).toString("latin1") === "RIFF" && Buffer.from(b.subarray(8, 12)).toString("latin1") === "WEBP";

async function stored(png: Uint8Array) {
  const record = await imageRecord(png);
  if ("problem" in record) throw new Error(record.problem);
  return record.data;
}

describe("image thumbnails", () => {
  it("a poll option's large PNG: the page shows its WebP thumbnail, linked to the full image", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const png = encodePng(1800, 2400, (x, y) => [x % 256, y % 256, 140]);
    const { thumbBytes: _, thumbWidth: __, thumbHeight: ___, ...withoutThumb } = await stored(encodePng(900, 300, () => [200, 30, 30]));
    const poll = await createPoll(production.id, producer.id, {
      question: "Which poster?",
      method: "plurality",
      options: [{ label: "Night", image: await stored(png) }, { label: "Older", image: withoutThumb }, { label: "Plain" }],
      closesAt: new Date(Date.now() + 3600_000),
    });
    const [night, older, plain] = poll.options.map((o) => `${base}/p/${production.slug}/polls/${poll.id}/options/${o.key}/image`) as [string, string, string];

    const thumb = await fetch(`${night}?size=thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("Content-Type")).toBe("image/webp");
    // server/app.ts sends these on every response too: both copies arrive.
    expect(thumb.headers.get("X-Content-Type-Options")).toMatch(/^nosniff\b/);
    expect(thumb.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const etag = thumb.headers.get("ETag")!;
    const bytes = new Uint8Array(await thumb.arrayBuffer());
    expect(isWebp(bytes)).toBe(true);
    expect(sniffImage(bytes)).toEqual({ mimeType: "image/webp", width: 360, height: 480 });
    expect((await fetch(`${night}?size=thumb`, { headers: { "If-None-Match": etag } })).status).toBe(304);

    const full = await fetch(night);
    expect(full.headers.get("Content-Type")).toBe("image/png");
    expect(full.headers.get("ETag")).not.toBe(etag);
    expect(Buffer.from(await full.arrayBuffer()).equals(png)).toBe(true);

    // Stored before thumbnails: the full image stands in; no image, no thumbnail.
    const fallback = await fetch(`${older}?size=thumb`);
    expect(fallback.headers.get("Content-Type")).toBe("image/png");
    expect(sniffImage(new Uint8Array(await fallback.arrayBuffer()))).toEqual({ mimeType: "image/png", width: 900, height: 300 });
    expect((await fetch(`${plain}?size=thumb`)).status).toBe(404);
    expect((await fetch(`${night}?size=huge`)).status).toBe(400);

    const page = await (await fetch(`${base}/p/${production.slug}/polls/${poll.id}`, { headers: { Cookie: producer.cookie } })).text();
    const path = new URL(night).pathname;
    expect(page).toContain(`<a href="${path}" target="_blank"`);
    expect(page).toContain(`src="${path}?size=thumb" width="360" height="480"`);
    expect(page).toContain(`src="${new URL(older).pathname}?size=thumb" width="480" height="160"`);
  });

  it("a production poster: thumbnail and full image", async () => {
    const producer = await testUser("prod");
    const slug = `poster-${Date.now().toString(36)}`;
    const png = encodePng(1000, 1500, (x, y) => [20, x % 256, y % 256]);
    const created = await createProduction(
      producer.id,
      { title: "Poster test", slug, logline: "", synopsis: "", phase: "development", licence: "CC-BY-SA-4.0", membersEditScript: false },
      { bytes: png },
    );
    expect(created.ok).toBe(true);
    const thumb = await fetch(`${base}/p/${slug}/poster?size=thumb`);
    expect(thumb.headers.get("Content-Type")).toBe("image/webp");
    expect(thumb.headers.get("X-Content-Type-Options")).toMatch(/^nosniff\b/);
    expect(thumb.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(sniffImage(new Uint8Array(await thumb.arrayBuffer()))).toEqual({ mimeType: "image/webp", width: 320, height: 480 });
    const full = await fetch(`${base}/p/${slug}/poster`);
    expect(Buffer.from(await full.arrayBuffer()).equals(png)).toBe(true);
    const home = await (await fetch(`${base}/p/${slug}`)).text();
    expect(home).toContain(`src="/p/${slug}/poster?size=thumb" width="320" height="480"`);
  });

  it("the demo's images were stored with thumbnails", async () => {
    const demo = await db.production.findUniqueOrThrow({ where: { slug: "les-veilleurs" }, select: { poster: { select: { thumbBytes: true } } } });
    expect(isWebp(demo.poster!.thumbBytes!)).toBe(true);
    const options = await db.pollOption.findMany({
      where: { poll: { production: { slug: "les-veilleurs" } }, imageId: { not: null } },
      select: { image: { select: { thumbWidth: true, thumbHeight: true } } },
    });
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => o.image!.thumbWidth === 200 && o.image!.thumbHeight === 300)).toBe(true);
  });
});
