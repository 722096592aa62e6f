// What a release's player plays, for its page and its embed alike: the web renditions
// once made (decision 0044), else the film as it was uploaded; nothing under embargo
// for those who may not download yet.
import { ownPlayableSources, type PlayableSources } from "./playable";
import { playableSources } from "./renditions.server";

type Film = Parameters<typeof ownPlayableSources>[0][number];

export async function sourcesOf(
  production: { slug: string; posterId: string | null },
  release: { id: string; slug: string; files: Film[] },
  mayDownload: boolean,
): Promise<PlayableSources> {
  const rendered = mayDownload ? await playableSources(release.id, { slug: release.slug, production }) : null;
  if (rendered && (rendered.hls || rendered.mp4.length)) return rendered;
  const poster = production.posterId !== null ? `/p/${production.slug}/poster` : (rendered?.poster ?? null);
  return ownPlayableSources(mayDownload ? release.files : [], `/p/${production.slug}/releases/${release.slug}`, poster);
}
