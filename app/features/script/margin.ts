// Where comment threads sit in the margin beside the script: each at the height of its
// passage, pushed down just enough not to cover the one above it. Threads with no
// passage (on the whole script, or on one deleted since) come first, at the top.

export type MarginItem = { id: string; /** the passage's top, or null without one */ anchorTop: number | null; height: number };

/** Each item's top, and the height the margin needs; items keep their order among equals. */
export function stackInMargin(items: readonly MarginItem[], gap: number): { tops: Map<string, number>; height: number } {
  const tops = new Map<string, number>();
  let y = 0;
  const place = (item: MarginItem, wanted: number) => {
    const top = Math.max(wanted, y);
    tops.set(item.id, top);
    y = top + item.height + gap;
  };
  for (const item of items) if (item.anchorTop === null) place(item, 0);
  const anchored = items.filter((i) => i.anchorTop !== null).sort((a, b) => a.anchorTop! - b.anchorTop!);
  for (const item of anchored) place(item, Math.max(0, item.anchorTop!));
  return { tops, height: Math.max(0, y - gap) };
}
