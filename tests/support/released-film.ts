// A release already out, and a film uploaded to it: where the tests of the player and of a
// visitor's release page begin. Imports the studio's modules (and so reads DATABASE_URL)
// at once: for tests whose database is set before they load, as e2e tests' is.
import { expect } from "vitest";
import { createRelease } from "~/features/releases/releases.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "./collab";
import { generatedFilm, uploadFile } from "./film";

/** A new producer's production with a release published a moment ago, at `/p/<slug>/releases/<release slug>`. */
export async function releaseOut(handle: string, release: { slug: string; title: string } = { slug: "cut", title: "Cut" }) {
  const producer = await testUser(handle);
  const { production } = await testProduction(producer);
  const created = await createRelease(production.id, producer.id, { ...release, version: "1.0", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() - 60_000), synopsis: "" });
  if (!created.ok) throw new Error(`the release was refused: ${JSON.stringify(created)}`);
  return { producer, production, release: created.release, page: `/p/${production.slug}/releases/${release.slug}` };
}

/**
 * Uploads a generated master as the release's film and waits until the studio has made
 * its web renditions: two MP4 sizes, the HLS ladder and the poster frame.
 */
export async function uploadFilmWithRenditions(baseUrl: string, producer: TestUser, releaseId: string, film: { width: number; height: number; seconds: number }) {
  expect(await uploadFile(baseUrl, producer.cookie, releaseId, "film.mp4", generatedFilm(film))).toBe(204);
  const states = async () => (await db.rendition.findMany({ where: { releaseId }, orderBy: { kind: "asc" } })).map((r) => `${r.kind}:${r.status}`);
  await expect.poll(states, { timeout: 240_000, interval: 500 }).toEqual(["mp4:ready", "mp4:ready", "hls:ready", "poster:ready"]);
}
