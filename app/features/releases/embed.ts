// The embed code of a release, as its page offers it and its oEmbed answer gives it.

const attribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The player's size in someone's page: the film's own shape (16:9 when unknown), at most 640 wide, within what the asker allows. */
export function embedSize(film: { width: number | null; height: number | null } | undefined, max: { width?: number; height?: number } = {}) {
  const ratio = film?.width && film.height ? film.height / film.width : 9 / 16;
  let width = Math.min(max.width ?? 640, 640);
  let height = Math.round(width * ratio);
  if (max.height && height > max.height) {
    height = max.height;
    width = Math.round(height / ratio);
  }
  return { width, height };
}

/** An iframe of the release's embed page; the title is the film's, escaped. */
export function embedIframe(releaseUrl: string, title: string, size: { width: number; height: number }) {
  return `<iframe src="${attribute(`${releaseUrl}/embed`)}" width="${size.width}" height="${size.height}" title="${attribute(title)}" allow="fullscreen; picture-in-picture" allowfullscreen style="border:0"></iframe>`;
}

/** Where oEmbed consumers ask about a release page (its discovery link). */
export function oembedUrl(origin: string, releaseUrl: string) {
  return `${origin}/oembed?url=${encodeURIComponent(releaseUrl)}&format=json`;
}
