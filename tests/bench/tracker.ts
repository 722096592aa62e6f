// Tracker benchmark (issue: the production tracker).
//
//   npm run bench:tracker            (SCENES=400, SHOTS=3000, TASKS=20000, REQUESTS=100 by default;
//                                     HOLD=1 seeds, starts the studio and waits, for profiling)
//
// A production with SCENES scenes, SHOTS shots and TASKS tasks (types, statuses,
// assignees, open calls, due dates spread as a real shoot spreads them), stored as the
// studio stores them. Then, through the real pages over HTTP with a producer's session:
// the board and the list, unfiltered and with each filter, each timed from request to
// last byte of the server-rendered page; and status changes through the board's action
// (what a drag or the Move form sends). Targets: board and list p95 ≤ 100 ms, status
// change ≤ 30 ms.
import http from "node:http";
import { percentile, report, startBenchStudio } from "./studio.ts";

const SCENES = Number(process.env.SCENES ?? 400);
const SHOTS = Number(process.env.SHOTS ?? 3000);
const TASKS = Number(process.env.TASKS ?? 20_000);
const REQUESTS = Number(process.env.REQUESTS ?? 100);
const PEOPLE = 60;

const studio = await startBenchStudio();
const { db } = await import("../../app/lib/db.server.ts");
const { createSession } = await import("../../app/features/auth/session.server.ts");
const { ensureTracker, listsOf } = await import("../../app/features/tracker/tracker.server.ts");

let seed = 11;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const below = (n: number) => Math.floor(random() * n);
const places = ["BAKERY", "NIGHT BUS", "BRIDGE", "ROOFTOP", "STATION", "FLAT", "RIVERBANK", "MARKET", "TUNNEL", "LIGHTHOUSE"];
const times = ["DAY", "NIGHT", "DAWN", "DUSK", "CONTINUOUS"];
const cast = ["NOOR", "ISMAËL", "LUCE", "THE DRIVER", "BAKER", "MARTHE", "OLD MAN", "CHILD"];
const verbs = ["Design", "Storyboard", "Translate", "Subtitle", "Cast", "Build", "Grade", "Edit", "Score", "Rotoscope", "Light", "Scout"];
const things = ["the lamp", "the bus interior", "the poster", "the bakery sign", "the storm", "the bridge", "Noor's coat", "the lighthouse", "the opening titles", "the market crowd"];

const stamp = Date.now().toString(36);
console.log(`seeding ${SCENES} scenes, ${SHOTS} shots and ${TASKS} tasks…`);
const started = performance.now();
await db.user.createMany({
  data: Array.from({ length: PEOPLE }, (_, i) => ({ handle: `crew${stamp}${i}`, displayName: `Crew ${i}`, email: `crew${stamp}${i}@bench.invalid`, passwordHash: "!" })),
});
const people = await db.user.findMany({ where: { handle: { startsWith: `crew${stamp}` } }, orderBy: { handle: "asc" }, select: { id: true, handle: true } });
const production = await db.production.create({
  data: {
    slug: `tracker-${stamp}`,
    title: "Tracker",
    licence: "CC-BY-SA-4.0",
    memberships: { createMany: { data: people.map((p, i) => ({ userId: p.id, role: i === 0 ? ("producer" as const) : i < 10 ? ("crew" as const) : ("member" as const) })) } },
  },
});
await ensureTracker(production.id);
const { statuses, types } = await listsOf(production.id);

await db.scene.createMany({
  data: Array.from({ length: SCENES }, (_, i) => {
    const intExt = i % 3 === 0 ? "EXT." : "INT.";
    const location = places[i % places.length]!;
    const timeOfDay = times[i % times.length]!;
    return {
      productionId: production.id,
      number: String(i + 1),
      heading: `${intExt} ${location} - ${timeOfDay}`,
      intExt,
      location,
      timeOfDay,
      eighths: 2 + below(14),
      characters: [cast[i % cast.length]!, cast[(i * 3 + 1) % cast.length]!],
      position: i,
    };
  }),
});
const scenes = await db.scene.findMany({ where: { productionId: production.id }, orderBy: { position: "asc" }, select: { id: true } });
await db.shot.createMany({
  data: Array.from({ length: SHOTS }, (_, i) => {
    const scene = Math.floor((i * SCENES) / SHOTS);
    return { sceneId: scenes[scene]!.id, number: `${scene + 1}${String.fromCharCode(65 + (i % 26))}`, description: "Wide, then push in", position: i };
  }),
});
const shots = await db.shot.findMany({ where: { scene: { productionId: production.id } }, select: { id: true, sceneId: true } });

// Most work is still to do; a fifth is done; some waits for review or a retake.
const statusWeights = [0.45, 0.2, 0.08, 0.05, 0.22];
function statusFor() {
  let r = random();
  for (let k = 0; k < statuses.length; k++) if ((r -= statusWeights[k] ?? 0) < 0) return statuses[k]!.id;
  return statuses.at(-1)!.id;
}
for (let from = 0; from < TASKS; from += 2000) {
  const batch = Array.from({ length: Math.min(2000, TASKS - from) }, (_, k) => {
    const n = from + k + 1;
    const onShot = random() < 0.3 ? shots[below(shots.length)]! : null;
    const sceneId = onShot ? onShot.sceneId : random() < 0.75 ? scenes[below(scenes.length)]!.id : null;
    return {
      id: `bt${stamp}${n}`,
      productionId: production.id,
      number: n,
      title: `${verbs[n % verbs.length]} ${things[below(things.length)]} (${n})`,
      typeId: types[n % types.length]!.id,
      statusId: statusFor(),
      sceneId,
      shotId: onShot?.id ?? null,
      open: random() < 0.08,
      priority: 1 + below(3),
      dueDate: random() < 0.6 ? new Date(Date.now() + below(120) * 86_400_000) : null,
      estimateHours: random() < 0.5 ? 1 + below(40) : null,
      rank: n,
      createdById: people[below(10)]!.id,
    };
  });
  await db.task.createMany({ data: batch });
  // Seven tasks in ten have someone on them, one in ten two people.
  const assignees = batch.flatMap((t, k) => {
    if (random() >= 0.7) return [];
    const first = below(PEOPLE);
    const ids = [people[first]!.id, ...(k % 10 === 0 ? [people[(first + 1) % PEOPLE]!.id] : [])];
    return ids.map((userId) => ({ taskId: t.id, userId }));
  });
  await db.taskAssignee.createMany({ data: assignees });
  await db.taskFollow.createMany({ data: assignees });
}
await db.$executeRawUnsafe(`ANALYZE "Task"; ANALYZE "TaskAssignee"; ANALYZE "TaskFollow"; ANALYZE "Scene"; ANALYZE "Shot"`);
console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

await studio.start();
const producer = people[0]!;
const cookie = `claquette_session=${(await createSession(producer.id, "bench")).token}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
if (process.env.HOLD) {
  // For profiling: the seeded studio stays up until Ctrl-C.
  console.log(`studio at ${studio.baseUrl}/p/${production.slug}/tracker\nDATABASE_URL=${studio.databaseUrl}\nCookie: ${cookie}`);
  await new Promise((resolve) => process.once("SIGINT", resolve));
  await studio.stop();
  process.exit(0);
}

function timed(path: string, payload?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      `${studio.baseUrl}${path}`,
      {
        method: payload ? "POST" : "GET",
        agent,
        headers: {
          Cookie: cookie,
          ...(payload ? { Origin: studio.baseUrl, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${path}: ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
async function measure(next: () => { path: string; payload?: string }) {
  for (let i = 0; i < 10; i++) {
    const r = next();
    await timed(r.path, r.payload); // warm up
  }
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const r = next();
    times.push(await timed(r.path, r.payload));
  }
  times.sort((a, b) => a - b);
  return { p50: Number(percentile(times, 50).toFixed(1)), p95: Number(percentile(times, 95).toFixed(1)), max: Number(times.at(-1)!.toFixed(1)) };
}

const base = `/p/${production.slug}/tracker`;
const anyType = () => types[below(types.length)]!.id;
const anyScene = () => scenes[below(scenes.length)]!.id;
const anyPerson = () => people[below(PEOPLE)]!.handle;
const pages: Record<string, () => string> = {
  board: () => `${base}?view=board`,
  boardByType: () => `${base}?view=board&type=${anyType()}`,
  boardByScene: () => `${base}?view=board&scene=${anyScene()}`,
  boardByPerson: () => `${base}?view=board&person=${anyPerson()}`,
  boardOpenCallsSearch: () => `${base}?view=board&open=1&q=${encodeURIComponent(things[below(things.length)]!.split(" ").at(-1)!)}`,
  list: () => `${base}?view=list`,
  listByTypeAndStatusByDue: () => `${base}?view=list&type=${anyType()}&status=${statuses[below(statuses.length)]!.id}&sort=due`,
  listByPersonByPriority: () => `${base}?view=list&person=${anyPerson()}&sort=priority`,
  listBySceneByTitle: () => `${base}?view=list&scene=${anyScene()}&sort=title`,
  listLaterPage: () => `${base}?view=list&page=${2 + below(Math.ceil(TASKS / 200) - 1)}`,
  listMine: () => `${base}?view=list&mine=1`,
  listOpenCalls: () => `${base}?view=list&open=1`,
};
const render: Record<string, { p50: number; p95: number; max: number }> = {};
for (const [name, path] of Object.entries(pages)) {
  render[name] = await measure(() => ({ path: path() }));
  console.log(`${name}: p95 ${render[name].p95} ms`);
}

// A status change as the board sends it: the task, its new status, its place in the column.
const settable = statuses.map((s) => s.id);
const statusChange = await measure(() => {
  const number = 1 + below(TASKS);
  return { path: `${base}.data`, payload: new URLSearchParams({ intent: "status", number: String(number), statusId: settable[below(settable.length)]!, rank: String(random() * TASKS) }).toString() };
});
console.log(`status change: p95 ${statusChange.p95} ms`);

const worstPageP95 = Math.max(...Object.values(render).map((r) => r.p95));
report("tracker", {
  scenes: SCENES,
  shots: SHOTS,
  tasks: await db.task.count({ where: { productionId: production.id } }),
  assignees: await db.taskAssignee.count({ where: { task: { productionId: production.id } } }),
  requestsEach: REQUESTS,
  millisecondsFromRequestToLastByte: { ...render, statusChange },
  worstPageP95,
  targets: { pageP95: 100, statusChange: 30 },
});
agent.destroy();
await studio.stop();
process.exit(0);
