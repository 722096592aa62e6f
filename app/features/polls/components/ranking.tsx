// The ballot of a ranked poll (instant runoff, Schulze). As the server renders
// it, one select of ranks per option: it works without JavaScript. Once the page
// is live it becomes two lists, the ranking and the options left out, ordered by
// dragging a handle (pointer events, so mouse, pen and touch alike) or with each
// option's buttons, every change read out. Hidden inputs then submit the same
// `rank-<key>` fields. Equal ranks only come from the selects (docs/decisions/0008).
import { useEffect, useId, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from "react";
import { useT } from "~/ui/i18n";
import { moveTo, rankedOrder, ranksFromValues, sameRanks, shownRanks, type Ranks } from "../ranking";

/** `image`: the option's picture as the page shows it (the route knows its addresses), or null. */
export type RankingOption = { key: string; label: string; image: ReactNode };
type Props = { method: "irv" | "schulze"; options: RankingOption[]; initial: Ranks };

export function RankingBallot(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  // Null until the page is live: the server's selects serve until then.
  const [ranks, setRanks] = useState<Ranks | null>(null);
  useEffect(() => {
    // Start from what the selects say now: someone may have used them before the script ran.
    const values = new Map<string, string>();
    for (const select of box.current?.querySelectorAll<HTMLSelectElement>("select[name^='rank-']") ?? []) {
      values.set(select.name.slice("rank-".length), select.value);
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the switch to the live control happens once, after hydration
    setRanks(ranksFromValues([...values.keys()], (key) => values.get(key)));
  }, []);
  return <div ref={box}>{ranks ? <RankingLists {...props} ranks={ranks} setRanks={setRanks} /> : <RankSelects {...props} />}</div>;
}

function RankSelects({ method, options, initial }: Props) {
  const t = useT();
  return (
    <>
      <p className="help">{method === "schulze" ? t("poll.rankHelpEqual") : t("poll.rankHelp")}</p>
      <ul className="options">
        {options.map((o) => (
          <li key={o.key} className="option">
            {o.image}
            <span className="option-label" id={`label-${o.key}`}>
              {o.label}
            </span>
            <label htmlFor={`rank-${o.key}`} className="visually-hidden">
              {t("poll.rankFor", { option: o.label })}
            </label>
            <select id={`rank-${o.key}`} name={`rank-${o.key}`} defaultValue={initial[o.key] ?? ""}>
              <option value="">{t("poll.unranked")}</option>
              {options.map((_, i) => (
                <option key={i} value={i + 1}>
                  {i + 1}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </>
  );
}

type Action = "up" | "down" | "toggle";
type Drag = {
  key: string;
  pointerId: number;
  keys: string[];
  /** the ballot before the drag (Escape puts it back) and as the drag has made it so far */
  before: Ranks;
  ranks: Ranks;
  /** where the pointer and the item started (page coordinates, offsets in the list box) */
  startX: number;
  startY: number;
  left: number;
  top: number;
  /** the pointer when the drag started and now (viewport coordinates) */
  y0: number;
  x: number;
  y: number;
};

function RankingLists({ options, ranks, setRanks }: Props & { ranks: Ranks; setRanks: (ranks: Ranks) => void }) {
  const t = useT();
  const id = useId();
  const keys = options.map((o) => o.key);
  const order = rankedOrder(keys, ranks);
  const shown = shownRanks(ranks);
  const optionOf = new Map(options.map((o) => [o.key, o]));
  const labelOf = (key: string) => optionOf.get(key)?.label ?? key;

  // A counter in the key makes the same words, said twice, a change the reader announces again.
  const [message, setMessage] = useState({ text: "", n: 0 });
  const announce = (text: string) => setMessage((m) => ({ text, n: m.n + 1 }));

  const box = useRef<HTMLDivElement>(null);
  const rankedZone = useRef<HTMLDivElement>(null);
  const unrankedZone = useRef<HTMLDivElement>(null);
  const items = useRef(new Map<string, HTMLLIElement>());

  // An item that changes list is a new element: focus follows it to its new place.
  const focusNext = useRef<{ key: string; action: Action } | null>(null);
  useLayoutEffect(() => {
    const want = focusNext.current;
    if (!want) return;
    focusNext.current = null;
    box.current?.querySelector<HTMLButtonElement>(`[data-key="${CSS.escape(want.key)}"] [data-action="${want.action}"]`)?.focus();
  });

  function act(key: string, action: Action) {
    const at = order.indexOf(key);
    const option = labelOf(key);
    let next: Ranks;
    if (action === "toggle") {
      next = moveTo(keys, ranks, key, at === -1 ? order.length : null);
      announce(at === -1 ? t("poll.ranking.movedTo", { option, rank: order.length + 1 }) : t("poll.ranking.removed", { option }));
    } else {
      const to = action === "up" ? at - 1 : at + 1;
      // The buttons at the ends stay focusable (aria-disabled) and say why nothing moved.
      if (to < 0) return announce(t("poll.ranking.first", { option }));
      if (to >= order.length) return announce(t("poll.ranking.last", { option }));
      next = moveTo(keys, ranks, key, to);
      announce(t("poll.ranking.movedTo", { option, rank: to + 1 }));
    }
    focusNext.current = { key, action };
    setRanks(next);
  }

  const drag = useRef<Drag | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);

  function startDrag(e: ReactPointerEvent, key: string) {
    const el = items.current.get(key);
    if (!e.isPrimary || e.button !== 0 || drag.current || !el) return;
    e.preventDefault(); // no text selection while dragging
    drag.current = {
      key,
      pointerId: e.pointerId,
      keys,
      before: ranks,
      ranks,
      startX: e.pageX,
      startY: e.pageY,
      left: el.offsetLeft,
      top: el.offsetTop,
      y0: e.clientY,
      x: e.clientX,
      y: e.clientY,
    };
    setDragging(key);
  }

  // The dragged item follows the pointer: its offset from where the list has put it now.
  function place() {
    const d = drag.current;
    const el = d && items.current.get(d.key);
    if (!d || !el) return;
    const dx = d.x + window.scrollX - d.startX - (el.offsetLeft - d.left);
    const dy = d.y + window.scrollY - d.startY - (el.offsetTop - d.top);
    el.style.transform = `translate(${dx}px, ${dy}px)`;
  }
  useLayoutEffect(place);

  useEffect(() => {
    if (!dragging) return;
    const inside = (zone: HTMLElement | null, y: number) => {
      const r = zone?.getBoundingClientRect();
      return r !== undefined && y >= r.top && y <= r.bottom;
    };
    // The list reorders while the pointer moves: the item goes before the first other item whose middle is below the pointer.
    const retarget = () => {
      const d = drag.current;
      if (!d) return;
      let next: Ranks;
      if (inside(unrankedZone.current, d.y)) next = moveTo(d.keys, d.ranks, d.key, null);
      else if (inside(rankedZone.current, d.y) || d.key in d.ranks) {
        const others = rankedOrder(d.keys, d.ranks).filter((k) => k !== d.key);
        const below = others.findIndex((k) => {
          const r = items.current.get(k)?.getBoundingClientRect();
          return r !== undefined && d.y < r.top + r.height / 2;
        });
        next = moveTo(d.keys, d.ranks, d.key, below === -1 ? others.length : below);
      } else return;
      const moved = (d.key in next) !== (d.key in d.ranks) || rankedOrder(d.keys, next).join() !== rankedOrder(d.keys, d.ranks).join();
      if (!moved) return;
      d.ranks = next;
      setRanks(next);
    };
    const finish = (keep: boolean) => {
      const d = drag.current;
      if (!d) return;
      drag.current = null;
      const el = items.current.get(d.key);
      if (el) el.style.transform = "";
      if (!keep) setRanks(d.before);
      else if (!sameRanks(d.before, d.ranks)) {
        const at = rankedOrder(d.keys, d.ranks).indexOf(d.key);
        const option = labelOf(d.key);
        announce(at === -1 ? t("poll.ranking.removed", { option }) : t("poll.ranking.movedTo", { option, rank: at + 1 }));
      }
      setDragging(null);
    };
    const onMove = (e: PointerEvent) => {
      const d = drag.current;
      if (!d || e.pointerId !== d.pointerId) return;
      d.x = e.clientX;
      d.y = e.clientY;
      retarget();
      place();
    };
    const onUp = (e: PointerEvent) => {
      if (e.pointerId === drag.current?.pointerId) finish(e.type === "pointerup");
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") finish(false);
    };
    const onScroll = () => {
      retarget();
      place();
    };
    // Near the top or bottom of the screen the page scrolls, so a long list fits a phone;
    // only once the pointer has gone that way, not for an option picked up near an edge.
    let frame = 0;
    const scrollNearEdges = () => {
      const d = drag.current;
      if (!d) return;
      const edge = Math.min(64, window.innerHeight / 6);
      const step = d.y < edge && d.y < d.y0 - 8 ? -10 : d.y > window.innerHeight - edge && d.y > d.y0 + 8 ? 10 : 0;
      if (step) window.scrollBy(0, step);
      frame = requestAnimationFrame(scrollNearEdges);
    };
    frame = requestAnimationFrame(scrollNearEdges);
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
    window.addEventListener("pointercancel", onUp);
    window.addEventListener("keydown", onKey);
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      window.removeEventListener("pointercancel", onUp);
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("scroll", onScroll);
    };
    // Listeners for one drag: what they need is in drag.current, not in this render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dragging]);

  const item = (key: string, at: number | null) => {
    const o = optionOf.get(key)!;
    const option = o.label;
    return (
      <li
        key={key}
        data-key={key}
        className={dragging === key ? "ranking-item is-dragging" : "ranking-item"}
        ref={(el) => {
          if (el) items.current.set(key, el);
          return () => {
            if (items.current.get(key) === el) items.current.delete(key);
          };
        }}
      >
        <span className="ranking-handle" aria-hidden="true" title={t("poll.ranking.drag")} onPointerDown={(e) => startDrag(e, key)}>
          <svg viewBox="0 0 12 20" width="12" height="20" focusable="false">
            {[3, 10, 17].flatMap((cy) => [3, 9].map((cx) => <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r="1.8" fill="currentColor" />))}
          </svg>
        </span>
        {at !== null ? <span className="ranking-rank">{shown[key]}</span> : null}
        {o.image ? <span className="ranking-thumb">{o.image}</span> : null}
        <span className="ranking-label">{option}</span>
        <span className="ranking-buttons">
          {at !== null ? (
            <>
              <button
                type="button"
                className="button-secondary ranking-button"
                data-action="up"
                aria-label={t("poll.ranking.moveUp", { option })}
                aria-disabled={at === 0 ? true : undefined}
                onClick={() => act(key, "up")}
              >
                <span aria-hidden="true">↑</span>
              </button>
              <button
                type="button"
                className="button-secondary ranking-button"
                data-action="down"
                aria-label={t("poll.ranking.moveDown", { option })}
                aria-disabled={at === order.length - 1 ? true : undefined}
                onClick={() => act(key, "down")}
              >
                <span aria-hidden="true">↓</span>
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="button-secondary ranking-button"
            data-action="toggle"
            aria-label={at === null ? t("poll.ranking.rankOption", { option }) : t("poll.ranking.removeOption", { option })}
            onClick={() => act(key, "toggle")}
          >
            {at === null ? t("poll.ranking.rank") : t("poll.ranking.remove")}
          </button>
        </span>
      </li>
    );
  };

  const unranked = keys.filter((key) => !(key in ranks));
  return (
    <div ref={box} className={dragging ? "ranking is-dragging" : "ranking"}>
      <p className="help">{t("poll.ranking.help")}</p>
      <div ref={rankedZone} className="ranking-zone">
        <p className="ranking-title" id={`${id}-ranked`}>
          {t("poll.ranking.ranked")}
        </p>
        {order.length ? (
          <ol className="ranking-list" aria-labelledby={`${id}-ranked`}>
            {order.map((key, i) => item(key, i))}
          </ol>
        ) : (
          <p className="ranking-empty">{t("poll.ranking.empty")}</p>
        )}
      </div>
      <div ref={unrankedZone} className="ranking-zone">
        <p className="ranking-title" id={`${id}-unranked`}>
          {t("poll.ranking.unranked")}
        </p>
        {unranked.length ? (
          <ul className="ranking-list" aria-labelledby={`${id}-unranked`}>
            {unranked.map((key) => item(key, null))}
          </ul>
        ) : (
          <p className="ranking-empty">{t("poll.ranking.allRanked")}</p>
        )}
      </div>
      {keys.map((key) => (
        <input key={key} type="hidden" name={`rank-${key}`} value={key in ranks ? shown[key] : ""} />
      ))}
      <div className="visually-hidden" aria-live="polite" data-testid="ranking-announcement">
        {message.text ? <span key={message.n}>{message.text}</span> : null}
      </div>
    </div>
  );
}
