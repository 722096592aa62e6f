// What a visitor's reading page does in the browser when it ships without the framework
// (decision 0058): the server wrote the whole page; this wakes the few parts that move,
// reading what they need from the page's data- attributes. No React, no catalogue: the
// words come written in the page's language.
import { nextChange, wordsLeft, type CountdownWords } from "~/features/releases/countdown";
import type { PlayerOptions } from "~/features/releases/player-behaviour";
import { rememberTimeZone } from "~/lib/zoned-time";

rememberTimeZone();

// On a phone the production's row of tabs scrolls: bring the current one into sight.
for (const row of document.querySelectorAll<HTMLElement>(".production-bar .tabs")) {
  const tab = row.querySelector<HTMLElement>("[aria-current]");
  if (tab) row.scrollLeft = Math.max(0, tab.offsetLeft - 16);
}

/** Wakes the parts that move in `root`: the whole page, or the part of it fetched again at the premiere. */
function wake(root: ParentNode) {
  for (const countdown of root.querySelectorAll<HTMLElement>("[data-countdown]")) countDown(countdown);
  share(root);
  // The film's player, its code loaded only where there is one.
  const players = root.querySelectorAll<HTMLElement>("[data-player]");
  if (players.length)
    void import("~/features/releases/player-behaviour").then(({ attachPlayer }) => {
      for (const player of players) attachPlayer(player, JSON.parse(player.dataset.player!) as PlayerOptions);
    });
}

/**
 * "Premieres in 2 days 4 hours", on the browser's clock. At zero the page is fetched
 * again, each second until it shows the film (the browser's clock may be ahead of the
 * server's), and its main part replaces this one: no reload, as in the app (0046).
 */
function countDown(countdown: HTMLElement) {
  const { at, words } = JSON.parse(countdown.dataset.countdown!) as { at: string; words: CountdownWords };
  const left = countdown.querySelector<HTMLElement>(".countdown-left");
  const target = new Date(at).getTime();
  const plural = new Intl.PluralRules(document.documentElement.lang);
  const tick = () => {
    if (!countdown.isConnected) return;
    const ms = target - Date.now();
    if (left) left.textContent = wordsLeft(ms, words, plural);
    if (ms > 0) setTimeout(tick, nextChange(ms));
    else void premiere().then((done) => done || setTimeout(tick, 1000));
  };
  tick();
}

/** Whether the page, fetched again, shows the film now; if so it is in place of this one's main part. */
async function premiere(): Promise<boolean> {
  const response = await fetch(location.href, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) return false;
  const fetched = new DOMParser().parseFromString(await response.text(), "text/html");
  const main = fetched.querySelector("main");
  const here = document.querySelector("main");
  if (!main || !here || main.querySelector("[data-countdown]")) return false;
  here.replaceWith(main);
  document.title = fetched.title;
  wake(main);
  return true;
}

/**
 * Sharing: the address and embed code are selected on focus, and copied by their buttons
 * where the browser lets a page copy.
 */
function share(root: ParentNode) {
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(".share input[readonly], .share textarea[readonly]")) {
    field.addEventListener("focus", () => field.select());
  }
  if (!navigator.clipboard) return;
  for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy!) as HTMLInputElement | HTMLTextAreaElement | null;
    const status = button.closest(".share")?.querySelector("[data-copy-status]");
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      void navigator.clipboard.writeText(source.value).then(
        () => status && (status.textContent = button.dataset.copied ?? ""),
        () => status && (status.textContent = ""),
      );
    });
  }
}

wake(document);
