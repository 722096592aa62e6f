// Breakdown reports from a script and its layout: scenes (heading parsed into INT/EXT,
// location and time of day, length in eighths, who is in it), characters, locations,
// page count and runtime. Pure.
//
// Choices:
// - Heading: a leading INT, EXT, EST (counted as EXT), INT./EXT., INT/EXT, EXT/INT, I/E (or I./E.) or
//   E/I, then the location, then the time of day after the last dash that has a space
//   before it (" - ", " -- ", " – ", " — "), so "SAINT-MALO" stays whole. A heading with
//   no such prefix (a forced ".FLASHBACK") has intExt null and its whole text as location.
//   Locations and times are compared in capitals.
// - Character names come from cues: extensions "(V.O.)", "(CONT'D)" … and a typed "^"
//   removed, spaces collapsed, in capitals.
// - A character is in a scene when they speak in it, or when their name (a cue somewhere
//   in the script, 2 characters or more) appears in capitals in its action — the way a
//   screenplay introduces silent characters. Characters are listed by speeches, then
//   dialogue lines, then first appearance; locations by first appearance.
// - Length: whole pages plus the used part of the last one, in eighths; runtime is one
//   minute a page, rounded to the minute.

import { layoutScript, type Layout } from "./layout";
import { hasRuns, isPrinting, printedText, type Script } from "./model";

export type IntExt = "INT" | "EXT" | "INT/EXT";
export type SceneReport = {
  element: number;
  number: string;
  heading: string;
  intExt: IntExt | null;
  location: string;
  timeOfDay: string;
  eighths: number;
  characters: string[];
};
export type CharacterReport = { name: string; scenes: string[]; speeches: number; dialogueLines: number };
export type LocationReport = { name: string; intExt: string[]; scenes: string[] };
export type ScriptReport = {
  scenes: SceneReport[];
  characters: CharacterReport[];
  locations: LocationReport[];
  pages: number;
  eighths: number;
  runtimeMinutes: number;
};

const PREFIX = /^(INT\.?\s*\/\s*EXT|EXT\.?\s*\/\s*INT|I\.?\s*\/\s*E|E\.?\s*\/\s*I|INT|EXT|EST)(?=[.\s]|$)\.?\s*/i;
const SEPARATOR = /\s+(?:--?|–|—)(?:\s+|$)/g;

/** INT/EXT, location and time of day of a scene heading's text. */
export function parseHeading(text: string): { intExt: IntExt | null; location: string; timeOfDay: string } {
  const t = text.replace(/\s+/g, " ").trim();
  const m = PREFIX.exec(t);
  if (!m) return { intExt: null, location: t.toUpperCase(), timeOfDay: "" };
  const p = m[1]!.toUpperCase().replace(/[\s.]/g, "");
  const intExt: IntExt = p === "INT" ? "INT" : p === "EXT" || p === "EST" ? "EXT" : "INT/EXT";
  const rest = t.slice(m[0].length);
  let cut = -1;
  let after = -1;
  for (const s of rest.matchAll(SEPARATOR)) {
    cut = s.index;
    after = s.index + s[0].length;
  }
  if (cut < 0) return { intExt, location: rest.toUpperCase().trim(), timeOfDay: "" };
  return { intExt, location: rest.slice(0, cut).toUpperCase().trim(), timeOfDay: rest.slice(after).toUpperCase().trim() };
}

/** A cue's character name: extensions and CONT'D removed, in capitals. */
export function characterName(cue: string): string {
  let s = cue.replace(/\s+/g, " ").trim().replace(/^@/, "").replace(/\s*\^$/, "");
  while (/\([^()]*\)$/.test(s)) s = s.replace(/\s*\([^()]*\)$/, "");
  s = s.replace(/\s+CONT['’]?D\.?$/i, "");
  return s.trim().toUpperCase();
}

/** Distinct character names of the cues, in order of first appearance. */
export function charactersOf(script: Script): string[] {
  const names = new Set<string>();
  for (const e of script.elements) {
    if (e.type !== "character") continue;
    const name = characterName(printedText(e.text));
    if (name) names.add(name);
  }
  return [...names];
}

/** Distinct locations of the scene headings, in order of first appearance. */
export function locationsOf(script: Script): string[] {
  const names = new Set<string>();
  for (const e of script.elements) {
    if (e.type !== "sceneHeading") continue;
    const { location } = parseHeading(printedText(e.text));
    if (location) names.add(location);
  }
  return [...names];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function scriptReport(script: Script, layout: Layout = layoutScript(script)): ScriptReport {
  const { elements } = script;
  const sceneAt = new Map(layout.scenes.map((s, k) => [s.element, k]));
  const known = charactersOf(script);
  const mention = known.filter((n) => n.length >= 2 && /\p{L}/u.test(n)).sort((a, b) => b.length - a.length);
  const mentions = mention.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${mention.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "gu") : null;

  const scenes: SceneReport[] = layout.scenes.map((s) => {
    const e = elements[s.element]!;
    const heading = hasRuns(e) ? printedText(e.text).replace(/\s+/g, " ").trim() : "";
    return { element: s.element, number: s.sceneNumber, heading, ...parseHeading(heading), eighths: s.eighths, characters: [] };
  });
  const byName = new Map<string, CharacterReport & { first: number }>();
  const character = (name: string) => {
    let c = byName.get(name);
    if (!c) byName.set(name, (c = { name, scenes: [], speeches: 0, dialogueLines: 0, first: byName.size }));
    return c;
  };
  const present = (scene: SceneReport | undefined, name: string) => {
    if (!scene) return;
    if (!scene.characters.includes(name)) scene.characters.push(name);
    const c = character(name);
    if (!c.scenes.includes(scene.number)) c.scenes.push(scene.number);
  };

  // who speaks each dialogue element, and who is in each scene
  const speaker: (string | undefined)[] = new Array(elements.length);
  let scene: SceneReport | undefined;
  let current: string | undefined;
  elements.forEach((e, i) => {
    if (e.type === "sceneHeading") {
      const k = sceneAt.get(i);
      scene = k === undefined ? undefined : scenes[k];
      current = undefined;
    } else if (e.type === "character") {
      current = characterName(printedText(e.text)) || undefined;
      if (current) {
        character(current).speeches++;
        present(scene, current);
      }
    } else if (e.type === "dialogue" || e.type === "parenthetical" || e.type === "lyrics") {
      speaker[i] = current;
    } else if (isPrinting(e)) {
      current = undefined;
      if (e.type === "action" && mentions) for (const m of printedText(e.text).matchAll(mentions)) present(scene, m[0]);
    }
  });
  for (const page of layout.pages) {
    for (const line of page.lines) {
      if (line.kind !== "dialogue" && line.kind !== "lyrics") continue;
      const name = speaker[line.element];
      if (name) character(name).dialogueLines++;
    }
  }

  const locations = new Map<string, LocationReport>();
  for (const s of scenes) {
    if (!s.location) continue;
    let l = locations.get(s.location);
    if (!l) locations.set(s.location, (l = { name: s.location, intExt: [], scenes: [] }));
    if (s.intExt && !l.intExt.includes(s.intExt)) l.intExt.push(s.intExt);
    if (!l.scenes.includes(s.number)) l.scenes.push(s.number);
  }

  const characters = [...byName.values()]
    .sort((a, b) => b.speeches - a.speeches || b.dialogueLines - a.dialogueLines || a.first - b.first)
    .map(({ name, scenes, speeches, dialogueLines }) => ({ name, scenes, speeches, dialogueLines }));

  const printed = layout.pages.filter((p) => p.lines.length);
  const pages = printed.length ? layout.pages.length : 0;
  const last = layout.pages[layout.pages.length - 1];
  const lastRows = last ? last.lines.reduce((m, l) => Math.max(m, l.row + 1), 0) : 0;
  const eighths = pages ? (pages - 1) * 8 + Math.max(1, Math.round((lastRows * 8) / layout.linesPerPage)) : 0;
  const runtimeMinutes = eighths ? Math.max(1, Math.round(eighths / 8)) : 0;

  return { scenes, characters, locations: [...locations.values()], pages, eighths, runtimeMinutes };
}
