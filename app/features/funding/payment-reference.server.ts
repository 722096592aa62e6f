import { randomInt } from "node:crypto";

/** The reference a backer writes on a transfer: short, unambiguous letters (no 0/O, 1/I). */
export function newReference(prefix = "CLQ") {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let s = "";
  for (let i = 0; i < 8; i++) s += alphabet[randomInt(alphabet.length)];
  return `${prefix}-${s.slice(0, 4)}-${s.slice(4)}`;
}
