// The parser's warnings (./fountain.ts writes them in English, for the command line)
// in the importing person's language.
import type { MessageKey, Translate, Vars } from "~/lib/i18n";

type T = Translate;

const patterns: [RegExp, MessageKey, (m: RegExpExecArray) => Vars][] = [
  [/^(\d+) control characters? (?:was|were) removed\.$/, "script.warning.control", (m) => ({ count: Number(m[1]) })],
  [/^Line (\d+): "\/\*" opens a boneyard that is never closed, so the rest of the file \((\d+) lines?\)/, "script.warning.boneyard", (m) => ({ line: m[1]!, count: Number(m[2]) })],
  [/^Line (\d+): "(.*)" looks like a scene heading but has no blank line after it/, "script.warning.heading", (m) => ({ line: m[1]!, text: m[2]! })],
  [/^… and (\d+) more warnings\.$/, "script.warning.more", (m) => ({ count: Number(m[1]) })],
];

export function translateWarning(warning: string, t: T): string {
  for (const [re, key, vars] of patterns) {
    const m = re.exec(warning);
    if (m) return t(key, vars(m));
  }
  return warning;
}
