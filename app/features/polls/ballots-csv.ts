// ballots.csv, the published anonymised ballots (reference/voting.md): UTF-8,
// header `ballot,option,rank`, one row per (ballot, option chosen), rows grouped
// by ballot. Pure: written when a poll closes, read by `poll:recount`.
import type { Choice } from "./tally";

export type PublishedBallot = { id: string; choices: Choice[] };

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeBallotsCsv(ballots: PublishedBallot[]): string {
  const lines = ["ballot,option,rank"];
  for (const b of ballots) {
    for (const c of [...b.choices].sort((x, y) => x.rank - y.rank)) lines.push(`${field(b.id)},${field(c.option)},${c.rank}`);
  }
  return lines.join("\n") + "\n";
}

export class CsvError extends Error {}

function parseLine(line: string, lineNo: number): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= line.length) throw new CsvError(`line ${lineNo}: unterminated quote`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      fields.push(value);
      if (i < line.length && line[i] !== ",") throw new CsvError(`line ${lineNo}: text after a quoted field`);
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/** Read a ballots.csv; errors name the line. Ballot order and option order are kept as found. */
export function readBallotsCsv(text: string): { ballots: PublishedBallot[]; optionIds: string[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if ((lines[0] ?? "").trim() !== "ballot,option,rank") throw new CsvError('line 1: the header must be "ballot,option,rank"');
  const byId = new Map<string, PublishedBallot>();
  const optionIds: string[] = [];
  const seenOptions = new Set<string>();
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    if (!line.trim()) return;
    const fields = parseLine(line, lineNo);
    if (fields.length !== 3) throw new CsvError(`line ${lineNo}: expected 3 fields, found ${fields.length}`);
    const [id, option, rankText] = fields as [string, string, string];
    if (!id || !option) throw new CsvError(`line ${lineNo}: empty ballot or option`);
    const rank = Number(rankText);
    if (!/^\d+$/.test(rankText) || rank < 1) throw new CsvError(`line ${lineNo}: rank must be a whole number from 1`);
    let ballot = byId.get(id);
    if (!ballot) byId.set(id, (ballot = { id, choices: [] }));
    ballot.choices.push({ option, rank });
    if (!seenOptions.has(option)) {
      seenOptions.add(option);
      optionIds.push(option);
    }
  });
  return { ballots: [...byId.values()], optionIds };
}
