// Ballot benchmark for polls (issue: community polls).
//
//   npm run bench:ballots            (VOTERS=5000, CONCURRENCY=32 by default)
//
// Every voter, with a real session, casts a ranked ballot through the poll page's
// action over HTTP — the request a browser makes when the form is submitted — and
// a quarter of them change it. Measures the sustained rate and checks that every
// voter has exactly one ballot, the last one they cast. Target: ≥ 500 ballots/s.
import http from "node:http";
import { report, startBenchStudio } from "./studio.ts";

const VOTERS = Number(process.env.VOTERS ?? 5000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

const studio = await startBenchStudio();
await studio.start();
const { db } = await import("../../app/lib/db.server.ts");
const { createSession } = await import("../../app/features/auth/session.server.ts");
const { createPoll } = await import("../../app/features/polls/polls.server.ts");

const stamp = Date.now().toString(36);
await db.user.createMany({
  data: Array.from({ length: VOTERS + 1 }, (_, i) => ({ handle: `ballot-${stamp}-${i}`, displayName: `Voter ${i}`, email: `ballot-${stamp}-${i}@bench.invalid`, passwordHash: "!" })),
});
const users = await db.user.findMany({ where: { handle: { startsWith: `ballot-${stamp}-` } }, select: { id: true } });
const production = await db.production.create({
  data: {
    slug: `ballots-${stamp}`,
    title: "Ballots",
    licence: "CC-BY-SA-4.0",
    memberships: { createMany: { data: users.map((u, i) => ({ userId: u.id, role: i === 0 ? ("producer" as const) : ("member" as const) })) } },
  },
});
const poll = await createPoll(production.id, users[0]!.id, {
  question: "Which poster?",
  method: "irv",
  options: ["Night", "Rocket", "Lamp", "Bus"].map((label) => ({ label })),
  closesAt: new Date(Date.now() + 3600_000),
  // The voters were made a moment ago: the bench measures casting, not the rule.
  requireConfirmedEmail: false,
  minMembershipHours: 0,
});
const keys = poll.options.map((o) => o.key);
const voters = await Promise.all(users.slice(1).map(async (u) => ({ id: u.id, cookie: `claquette_session=${(await createSession(u.id, "bench")).token}` })));
const url = `${studio.baseUrl}/p/${production.slug}/polls/${poll.id}.data`;

/** The ranking voter `v` submits on their `round`th ballot. */
function ranking(v: number, round: number): string[] {
  const order = [...keys];
  for (let i = order.length - 1; i > 0; i--) {
    const j = (v * 7 + round * 13 + i * 3) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, 1 + ((v + round) % keys.length));
}

// A lean HTTP client with kept-alive connections, as load generators use: the
// machine's cores should go to the studio and PostgreSQL, not to the benchmark.
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function cast(v: number, round: number) {
  const body = new URLSearchParams({ intent: "vote" });
  ranking(v, round).forEach((key, i) => body.set(`rank-${key}`, String(i + 1)));
  const payload = body.toString();
  return new Promise<void>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          Origin: studio.baseUrl,
          Cookie: voters[v]!.cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`ballot refused: ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

// Warm the server up (JIT, pools) with a few ballots that are cast again below.
for (let v = 0; v < Math.min(20, VOTERS); v++) await cast(v, 0);

const jobs: [number, number][] = [];
for (let v = 0; v < VOTERS; v++) jobs.push([v, 0]);
for (let v = 0; v < VOTERS; v += 4) jobs.push([v, 1]);
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < jobs.length) {
      const [v, round] = jobs[next++]!;
      await cast(v, round);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;

// Zero lost, zero duplicated: one ballot each, holding the last ranking cast.
const stored = await db.ballot.findMany({ where: { pollId: poll.id }, select: { userId: true, choices: true } });
const byUser = new Map(stored.map((b) => [b.userId, b.choices as { option: string; rank: number }[]]));
let wrong = 0;
voters.forEach((voter, v) => {
  const expected = ranking(v, v % 4 === 0 ? 1 : 0);
  const got = [...(byUser.get(voter.id) ?? [])].sort((a, b) => a.rank - b.rank).map((c) => c.option);
  if (JSON.stringify(got) !== JSON.stringify(expected)) wrong++;
});

report("poll-ballots", {
  voters: VOTERS,
  ballotsCast: jobs.length,
  concurrency: CONCURRENCY,
  seconds: Number(seconds.toFixed(2)),
  ballotsPerSecond: Math.round(jobs.length / seconds),
  storedBallots: stored.length,
  duplicated: stored.length - byUser.size,
  lostOrWrong: wrong,
  targets: { ballotsPerSecond: 500 },
});
agent.destroy();
await studio.stop();
process.exit(0);
