// The text a new decision starts from: the ADR sections, and, when it records a
// poll's outcome, the question, the options and the full count. Pure.
import type { Block } from "~/features/collab/content";
import type { Results } from "~/features/polls/tally";
import type { Translate } from "~/lib/i18n";

export type PollOutcome = { question: string; description: string; results: Results; url: string };

const heading = (text: string): Block => ({ type: "heading", level: 2, text });
const paragraph = (text: string): Block => ({ type: "paragraph", text });
const item = (text: string): Block => ({ type: "bulletList", text });

export function decisionTemplate(t: Translate, outcome?: PollOutcome | null): Block[] {
  if (!outcome) {
    return [
      heading(t("decision.section.context")),
      paragraph(""),
      heading(t("decision.section.options")),
      paragraph(""),
      heading(t("decision.section.decision")),
      paragraph(""),
      heading(t("decision.section.consequences")),
      paragraph(""),
    ];
  }
  const { results } = outcome;
  const label = new Map(results.options.map((o) => [o.id, o.label]));
  const name = (id: string) => label.get(id) ?? id;
  const winners = results.winners.map(name).join(", ");
  return [
    heading(t("decision.section.context")),
    paragraph(t("decision.fromPoll.question", { question: outcome.question })),
    ...(outcome.description ? [paragraph(outcome.description)] : []),
    paragraph(t("decision.fromPoll.source", { url: outcome.url })),
    heading(t("decision.section.options")),
    ...results.options.map((o) => item(o.label)),
    heading(t("decision.fromPoll.result")),
    paragraph(t(`poll.method.${results.method}`)),
    paragraph(t("decision.fromPoll.ballots", { n: results.ballots })),
    ...countLines(t, results, name),
    ...(results.tieBreak?.used ? [paragraph(t("decision.fromPoll.tieBreak", { seed: results.tieBreak.seed }))] : []),
    paragraph(results.winners.length === 1 ? t("decision.fromPoll.winner", { option: winners }) : t("decision.fromPoll.tie", { options: winners })),
    heading(t("decision.section.decision")),
    paragraph(results.winners.length === 1 ? t("decision.fromPoll.proposal", { option: winners }) : ""),
    heading(t("decision.section.consequences")),
    paragraph(""),
  ];
}

/** The whole count, as lines anyone can check against results.json. */
function countLines(t: Translate, r: Results, name: (id: string) => string): Block[] {
  if (r.rounds) {
    return r.rounds.map((round, i) => {
      const counts = Object.entries(round.counts)
        .map(([id, n]) => `${name(id)} ${n}`)
        .join(", ");
      const out = round.eliminated ? ` — ${t("decision.fromPoll.eliminated", { option: name(round.eliminated) })}` : "";
      return item(`${t("decision.fromPoll.round", { n: i + 1 })}: ${counts}${out}`);
    });
  }
  if (r.pairwise) {
    const lines: Block[] = [];
    const ids = r.options.map((o) => o.id);
    for (const a of ids) {
      for (const b of ids) {
        if (a < b) lines.push(item(t("decision.fromPoll.pairwise", { a: name(a), b: name(b), ab: t("poll.ballots", { count: r.pairwise.d[a]?.[b] ?? 0 }), ba: t("poll.ballots", { count: r.pairwise.d[b]?.[a] ?? 0 }) })));
      }
    }
    return lines;
  }
  return r.ranking.map((id) => item(`${name(id)}: ${r.counts?.[id] ?? 0}`));
}
