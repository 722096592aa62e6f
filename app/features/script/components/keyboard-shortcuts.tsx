// The editor's help: every key of the screenplay editor in one panel, opened by its button
// or by "?" typed anywhere but in text. A modal <dialog>: the page behind is inert while it
// is open, Tab cycles inside it (the browser would let it leave for its own toolbar),
// Escape closes it, and focus goes back where it was.
// The element table is read from ./element-keys.ts, so the help is the behaviour.
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from "react";
import type { MessageKey } from "~/lib/i18n/en";
import { useT } from "~/ui/i18n";
import { keyTable } from "../element-keys";

const groups: { title: MessageKey; keys: string[] }[] = [
  { title: "script.shortcuts.typing", keys: ["paren", "heading", "newLine", "emptyEnter"] },
  { title: "script.shortcuts.editing", keys: ["undo", "redo", "bold", "italic", "underline"] },
  { title: "script.shortcuts.moving", keys: ["menu", "leave", "help"] },
];

/** Where "?" is a character someone types, not a request for help. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable='true']") !== null;
}

/** Keeps Tab and Shift+Tab on the dialog's own controls. */
function trapTab(e: ReactKeyboardEvent<HTMLDialogElement>) {
  if (e.key !== "Tab") return;
  const controls = [...e.currentTarget.querySelectorAll<HTMLElement>("button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])")];
  if (controls.length === 0) return;
  const i = controls.indexOf(document.activeElement as HTMLElement);
  const next = e.shiftKey ? (i <= 0 ? controls.length - 1 : i - 1) : i < 0 || i === controls.length - 1 ? 0 : i + 1;
  e.preventDefault();
  controls[next]!.focus();
}

export function KeyboardShortcuts() {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const open = () => {
    if (!dialog.current?.open) dialog.current?.showModal();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      e.preventDefault();
      open();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const element = (type: string) => t(`script.element.${type}` as MessageKey);
  return (
    <>
      <button type="button" className="button-small button-secondary" aria-haspopup="dialog" onClick={open} data-testid="shortcuts-open">
        {t("script.shortcuts.open")}
      </button>
      <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onKeyDown={trapTab}>
        <div className="shortcuts-head">
          <h2 id="shortcuts-title">{t("script.shortcuts.title")}</h2>
          <button type="button" className="button-small button-secondary" onClick={() => dialog.current?.close()} autoFocus>
            {t("script.shortcuts.close")}
          </button>
        </div>
        <h3>{t("script.shortcuts.elements")}</h3>
        <p className="small">{t("script.shortcuts.elementsLead")}</p>
        <table data-testid="shortcuts-elements">
          <thead>
            <tr>
              <th scope="col">{t("script.shortcuts.element")}</th>
              <th scope="col">{t("script.shortcuts.enter")}</th>
              <th scope="col">{t("script.shortcuts.tab")}</th>
              <th scope="col">{t("script.shortcuts.shiftTab")}</th>
            </tr>
          </thead>
          <tbody>
            {keyTable.map((row) => (
              <tr key={row.type}>
                <th scope="row">{element(row.type)}</th>
                <td>{element(row.enter)}</td>
                <td>{element(row.tab)}</td>
                <td>{element(row.shiftTab)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {groups.map((group) => (
          <section key={group.title}>
            <h3>{t(group.title)}</h3>
            <dl className="shortcuts-list">
              {group.keys.map((key) => (
                <div key={key}>
                  <dt>
                    <kbd>{t(`script.shortcuts.${key}.keys` as MessageKey)}</kbd>
                  </dt>
                  <dd>{t(`script.shortcuts.${key}` as MessageKey)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </dialog>
    </>
  );
}
