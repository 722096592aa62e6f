import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readBallotsCsv, writeBallotsCsv } from "./ballots-csv";
import { count, CountError, drawOrder, type Choice, type Option } from "./tally";

const opts = (...ids: string[]): Option[] => ids.map((id) => ({ id, label: id.toUpperCase() }));
/** Ballots from a compact notation: "3:a>b>c" is three ballots ranking a, b, c; "a=b>c" ranks a and b equal. */
function ballots(...specs: string[]): Choice[][] {
  return specs.flatMap((spec) => {
    const [times, order] = spec.includes(":") ? (spec.split(":") as [string, string]) : ["1", spec];
    const ballot = order ? order.split(">").flatMap((group, i) => group.split("=").map((option) => ({ option, rank: i + 1 }))) : [];
    return Array.from({ length: Number(times) }, () => ballot.map((c) => ({ ...c })));
  });
}
const approve = (...sets: string[]): Choice[][] => sets.map((s) => (s ? s.split(",").map((option) => ({ option, rank: 1 })) : []));

describe("the seeded draw", () => {
  it("orders by SHA-256 of seed:id, whatever the order given", () => {
    expect(drawOrder("seed", ["a", "b", "c"])).toEqual(drawOrder("seed", ["c", "a", "b"]));
    expect(drawOrder("seed", ["a", "b", "c"])).not.toEqual(drawOrder("another seed", ["a", "b", "c"]));
  });
});

describe("plurality", () => {
  it("counts one option per ballot; the most wins", () => {
    const r = count("plurality", opts("a", "b", "c"), ballots("3:a", "2:b"));
    expect(r).toMatchObject({ ballots: 5, winners: ["a"], counts: { a: 3, b: 2, c: 0 }, ranking: ["a", "b", "c"], tieBreak: null });
  });
  it("leaves a tie as a tie without a seed, and settles it by the draw with one", () => {
    expect(count("plurality", opts("a", "b"), ballots("2:a", "2:b")).winners).toEqual(["a", "b"]);
    const settled = count("plurality", opts("a", "b"), ballots("2:a", "2:b"), "s3ed");
    expect(settled.winners).toEqual([drawOrder("s3ed", ["a", "b"])[0]]);
    expect(settled.tieBreak).toEqual({ seed: "s3ed", used: true });
  });
  it("has no winner without ballots", () => {
    expect(count("plurality", opts("a", "b"), []).winners).toEqual([]);
  });
  it("refuses a ballot naming two options, or an unknown one", () => {
    expect(() => count("plurality", opts("a", "b"), approve("a,b"))).toThrow(CountError);
    expect(() => count("plurality", opts("a"), ballots("z"))).toThrow("unknown option z");
  });
});

describe("approval", () => {
  it("counts every approved option", () => {
    const r = count("approval", opts("a", "b", "c"), approve("a,b", "b", "b,c", ""));
    expect(r).toMatchObject({ ballots: 4, winners: ["b"], counts: { a: 1, b: 3, c: 1 } });
  });
});

describe("instant runoff", () => {
  it("eliminates the last and transfers its ballots until a majority (hand-worked)", () => {
    const r = count("irv", opts("a", "b", "c"), ballots("5:a>b", "4:b>a", "3:c>b"));
    expect(r.rounds).toEqual([
      { counts: { a: 5, b: 4, c: 3 }, eliminated: "c", exhausted: 0 },
      { counts: { a: 5, b: 7 }, eliminated: null, exhausted: 0 },
    ]);
    expect(r.winners).toEqual(["b"]);
    expect(r.ranking).toEqual(["b", "a", "c"]);
  });

  it("keeps options with no first preference in the count, at zero", () => {
    const r = count("irv", opts("a", "b", "d"), ballots("3:a", "2:b>d"));
    expect(r.rounds![0]).toEqual({ counts: { a: 3, b: 2, d: 0 }, eliminated: null, exhausted: 0 });
    expect(r.winners).toEqual(["a"]);
  });

  it("counts the majority among ballots still counting, exhausted ones leave", () => {
    // Round 1: a 4, b 3, c 2 (9; no majority). c goes; its two ballots rank nothing else.
    // Round 2: a 4, b 3 of 7 still counting: 4 > 3.5, a wins.
    const r = count("irv", opts("a", "b", "c"), ballots("4:a", "3:b", "2:c"));
    expect(r.rounds).toEqual([
      { counts: { a: 4, b: 3, c: 2 }, eliminated: "c", exhausted: 0 },
      { counts: { a: 4, b: 3 }, eliminated: null, exhausted: 2 },
    ]);
    expect(r.winners).toEqual(["a"]);
  });

  it("breaks a tie for last by the previous round", () => {
    // Round 1: a 5, b 4, c 3, d 1 → d goes to c. Round 2: a 5, b 4, c 4: b and c tie for
    // last; in round 1 c had fewer (3 < 4), so c goes. Round 3: b 7 of 13 wins.
    const r = count("irv", opts("a", "b", "c", "d"), ballots("5:a", "4:b>c", "3:c>b", "1:d>c"), "unused");
    expect(r.rounds!.map((x) => x.eliminated)).toEqual(["d", "c", null]);
    expect(r.rounds![1]!.counts).toEqual({ a: 5, b: 4, c: 4 });
    expect(r.winners).toEqual(["b"]);
    expect(r.tieBreak).toEqual({ seed: "unused", used: false });
  });

  it("settles a tie no earlier round can by the seeded draw, and says so", () => {
    const r = count("irv", opts("a", "b"), ballots("2:a", "2:b"), "poster-2026");
    const out = drawOrder("poster-2026", ["a", "b"]).at(-1)!;
    expect(r.rounds![0]).toEqual({ counts: { a: 2, b: 2 }, eliminated: out, exhausted: 0 });
    expect(r.winners).toEqual(["a", "b"].filter((x) => x !== out));
    expect(r.tieBreak).toEqual({ seed: "poster-2026", used: true });
  });

  it("shows an unsettled tie as a tie when there is no seed", () => {
    const r = count("irv", opts("a", "b", "c"), ballots("2:a", "2:b"));
    expect(r.winners).toEqual(["a", "b"]);
    expect(r.rounds!.map((x) => x.eliminated)).toEqual(["c", null]);
  });

  it("refuses equal ranks in a ballot", () => {
    expect(() => count("irv", opts("a", "b"), ballots("a=b"))).toThrow("strict order");
  });
});

describe("Schulze", () => {
  // The classic example (45 voters, 5 options): the winner is e; ranking e > a > c > b > d.
  const five = opts("a", "b", "c", "d", "e");
  const example = ballots("5:a>c>b>e>d", "5:a>d>e>c>b", "8:b>e>d>a>c", "3:c>a>b>e>d", "7:c>a>e>b>d", "2:c>b>a>d>e", "7:d>c>e>b>a", "8:e>b>a>d>c");

  it("computes the pairwise and strongest-path matrices and the winner", () => {
    const r = count("schulze", five, example);
    expect(r.pairwise!.d.a).toEqual({ b: 20, c: 26, d: 30, e: 22 });
    expect(r.pairwise!.d.e).toEqual({ a: 23, b: 27, c: 21, d: 31 });
    expect(r.pairwise!.p.a).toEqual({ b: 28, c: 28, d: 30, e: 24 });
    expect(r.pairwise!.p.e).toEqual({ a: 25, b: 28, c: 28, d: 31 });
    expect(r.winners).toEqual(["e"]);
    expect(r.ranking).toEqual(["e", "a", "c", "b", "d"]);
  });

  it("reads equal ranks as no preference, and unranked options as below the ranked ones", () => {
    const r = count("schulze", opts("a", "b", "c"), ballots("a=b>c", "c"));
    expect(r.pairwise!.d.a).toEqual({ b: 0, c: 1 });
    expect(r.pairwise!.d.c).toEqual({ a: 1, b: 1 });
  });

  it("reports several winners as a tie, settled by the draw when there is a seed", () => {
    expect(count("schulze", opts("a", "b"), ballots("a", "b")).winners).toEqual(["a", "b"]);
    const r = count("schulze", opts("a", "b"), ballots("a", "b"), "x");
    expect(r.winners).toEqual([drawOrder("x", ["a", "b"])[0]]);
    expect(r.tieBreak?.used).toBe(true);
  });
});

// Random polls: up to 5 options, up to 40 ballots ranking a random subset.
const ids = ["a", "b", "c", "d", "e"];
const ranked = (n: number) =>
  fc.array(fc.shuffledSubarray(ids.slice(0, n), { minLength: 1 }).map((order) => order.map((option, i) => ({ option, rank: i + 1 }))), {
    maxLength: 40,
  });

describe("properties", () => {
  it("instant runoff with two options is plurality", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b"), { maxLength: 40 }), (firsts) => {
        const bs = firsts.map((option) => [{ option, rank: 1 }]);
        expect(count("irv", opts("a", "b"), bs, "s").winners).toEqual(count("plurality", opts("a", "b"), bs, "s").winners);
      }),
    );
  });

  it("a Condorcet winner is always the Schulze winner", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(fc.constant(n), ranked(n))), ([n, bs]) => {
        const r = count("schulze", opts(...ids.slice(0, n)), bs);
        const beatsAll = ids.slice(0, n).filter((x) => ids.slice(0, n).every((y) => y === x || r.pairwise!.d[x]![y]! > r.pairwise!.d[y]![x]!));
        if (beatsAll.length) expect(r.winners).toEqual(beatsAll);
      }),
    );
  });

  it("results do not depend on the order of the ballots", () => {
    fc.assert(
      fc.property(ranked(4), fc.constantFrom("irv", "schulze") as fc.Arbitrary<"irv" | "schulze">, fc.string(), (bs, method, seed) => {
        const reversed = [...bs].reverse();
        expect(count(method, opts("a", "b", "c", "d"), reversed, seed)).toEqual(count(method, opts("a", "b", "c", "d"), bs, seed));
      }),
    );
  });

  it("ballots.csv round-trips, and a recount from it gives the same result", () => {
    fc.assert(
      fc.property(ranked(4), (bs) => {
        const published = bs.map((choices, i) => ({ id: `b-${i}`, choices }));
        const read = readBallotsCsv(writeBallotsCsv(published));
        expect(read.ballots.map((b) => b.choices)).toEqual(bs.filter((b) => b.length));
        expect(count("irv", opts("a", "b", "c", "d"), read.ballots.map((b) => b.choices), "s")).toEqual(
          count("irv", opts("a", "b", "c", "d"), bs.filter((b) => b.length), "s"),
        );
      }),
    );
  });
});

describe("ballots.csv", () => {
  it("reads the published format and names the line of a mistake", () => {
    const { ballots: read, optionIds } = readBallotsCsv("ballot,option,rank\nb-4f1c9a,poster-night,1\nb-4f1c9a,poster-rocket,2\nb-91d03e,poster-rocket,1\n");
    expect(optionIds).toEqual(["poster-night", "poster-rocket"]);
    expect(read).toEqual([
      { id: "b-4f1c9a", choices: [{ option: "poster-night", rank: 1 }, { option: "poster-rocket", rank: 2 }] },
      { id: "b-91d03e", choices: [{ option: "poster-rocket", rank: 1 }] },
    ]);
    expect(() => readBallotsCsv("id,opt\n")).toThrow('line 1: the header must be "ballot,option,rank"');
    expect(() => readBallotsCsv("ballot,option,rank\nb-1,x,one\n")).toThrow("line 2: rank must be a whole number from 1");
    expect(() => readBallotsCsv('ballot,option,rank\nb-1,"x,1\n')).toThrow("line 2: unterminated quote");
  });
});
