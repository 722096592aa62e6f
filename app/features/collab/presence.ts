// How a person appears to others in a live document.
const palette = ["#b3261e", "#1b6e3a", "#0b57d0", "#8a4b00", "#7b1fa2", "#00695c", "#ad1457", "#37474f"];

/** A person's caret colour: stable, from their id, dark enough for white label text. */
export function colourFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length]!;
}
