// The live editor of a wiki page: the common live editor, plus [[links]] shown as links
// while writing and the list of pages that `[[` opens (a listbox, by keyboard: arrows,
// Enter or Tab to pick, Escape to close). Loaded lazily, with the editor.
import { useEffect, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import LiveEditor, { type LiveEditorProps } from "~/features/collab/components/live-editor";
import { useT } from "~/ui/i18n";
import { WikiLinks, type LinkMenuState, type PageChoice } from "./wiki-links-editor";

export type WikiEditorProps = LiveEditorProps & {
  lookupUrl: string;
  /** the addresses this page links to, and which of them are pages */
  links: string[];
  existing: string[];
};

const MENU_ID = "wiki-link-menu";

type Menu = { menu: LinkMenuState; active: number };

/** The open list and its active option, kept outside React: the editor's keys read it as they come. */
function menuStore() {
  let now: Menu = { menu: null, active: 0 };
  const listeners = new Set<() => void>();
  const set = (next: Menu) => {
    now = next;
    for (const l of listeners) l();
  };
  return {
    subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)),
    get: () => now,
    // A new query starts at the top of its list.
    show: (menu: LinkMenuState) => set({ menu, active: menu && menu.props.query === now.menu?.props.query ? now.active : 0 }),
    key: (event: KeyboardEvent) => {
      const items = now.menu?.props.items ?? [];
      if (!now.menu || !items.length) return false;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        set({ ...now, active: (now.active + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length });
        return true;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        now.menu.props.command(items[Math.min(now.active, items.length - 1)]!);
        return true;
      }
      return false;
    },
  };
}

const NOTHING: Menu = { menu: null, active: 0 };

export default function WikiEditor({ lookupUrl, links, existing, ...props }: WikiEditorProps) {
  const t = useT();
  const [store] = useState(menuStore);
  const { menu, active } = useSyncExternalStore(store.subscribe, store.get, () => NOTHING);
  // Made once per document: the editor keeps the extensions it started with.
  const [extensions] = useState(() => {
    const have = new Set(existing);
    return [
      WikiLinks.configure({
        lookupUrl,
        known: new Map(links.map((slug) => [slug, have.has(slug)])),
        redTitle: (title) => t("wiki.redLink", { label: title }),
        onMenu: store.show,
        onMenuKey: store.key,
      }),
    ];
  });

  // The editor (a textbox: aria-expanded is not for it) names the open list and its active option.
  const dom = menu?.props.editor.view.dom;
  const items = menu?.props.items ?? [];
  useEffect(() => {
    if (!dom) return;
    dom.setAttribute("aria-autocomplete", "list");
    dom.setAttribute("aria-controls", MENU_ID);
    if (items.length) dom.setAttribute("aria-activedescendant", `${MENU_ID}-${Math.min(active, items.length - 1)}`);
    else dom.removeAttribute("aria-activedescendant");
    return () => {
      dom.removeAttribute("aria-autocomplete");
      dom.removeAttribute("aria-controls");
      dom.removeAttribute("aria-activedescendant");
    };
  }, [dom, active, items.length]);

  const pick = (page: PageChoice) => menu?.props.command(page);
  return (
    <LiveEditor {...props} extensions={extensions}>
      {menu
        ? createPortal(
            <div className="link-menu-panel">
              {items.length ? (
                <ul role="listbox" id={MENU_ID} aria-label={t("wiki.linkMenu")} className="link-menu-list" data-testid="link-menu">
                  {items.map((page, i) => (
                    <li
                      key={page.slug}
                      id={`${MENU_ID}-${i}`}
                      role="option"
                      aria-selected={i === Math.min(active, items.length - 1)}
                      // The caret stays in the text: a press on an option does not take the focus.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => pick(page)}
                    >
                      {page.title}
                    </li>
                  ))}
                </ul>
              ) : (
                <p id={MENU_ID} role="status" className="muted">
                  {menu.props.loading ? t("wiki.linkMenuLoading") : t("wiki.linkMenuEmpty")}
                </p>
              )}
            </div>,
            menu.element,
          )
        : null}
    </LiveEditor>
  );
}
