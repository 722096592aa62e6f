import { describe, expect, it } from "vitest";
import { can, voteProblems, type Actions, type DecisionStatus, type PollResource, type PollRule, type PollVoter, type Resource, type Role, type User } from "./policy";

// The five kinds of person of DESIGN.md. An admin here is a site admin who is not a
// member of the production; a suspended member is checked separately.
const people = ["visitor", "member", "crew", "producer", "admin"] as const;
type Person = (typeof people)[number];

const ids: Record<Person, string> = { visitor: "", member: "u-member", crew: "u-crew", producer: "u-producer", admin: "u-admin" };
function userOf(p: Person): User {
  return p === "visitor" ? null : { id: ids[p], isAdmin: p === "admin" };
}
function roleOf(p: Person): Role | null {
  return p === "member" || p === "crew" || p === "producer" ? p : null;
}

// Expected answers, one row per action, one column per person (Y allowed, - refused).
//                                       visitor member crew producer admin
const site: Record<Actions["site"], string> = {
  browse: /*                       */ "Y Y Y Y Y",
  signUp: /*                       */ "Y - - - -",
  createProduction: /*             */ "- Y Y Y Y",
  moderate: /*                     */ "- - - - Y",
};
const production: Record<Actions["production"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  update: /*                       */ "- - - Y Y",
  join: /*                         */ "- - - - Y",
  leave: /*                        */ "- Y Y Y -",
  follow: /*                       */ "- Y Y Y Y",
  manageMembers: /*                */ "- - - Y Y",
  createPoll: /*                   */ "- - - Y Y",
  createDecision: /*               */ "- - Y Y Y",
  writeLog: /*                     */ "- - - Y Y",
  createRelease: /*                */ "- - - Y Y",
  manageScreenings: /*             */ "- - - Y Y",
  createWikiPage: /*               */ "- Y Y Y Y",
  discuss: /*                      */ "- Y Y Y Y",
  manageWiki: /*                   */ "- - - Y Y",
  freezeDraft: /*                  */ "- - - Y Y",
  manageTracker: /*                */ "- - Y Y Y",
  editTaskLists: /*                */ "- - - Y Y",
  offerHelp: /*                    */ "- Y Y Y Y",
  answerOffers: /*                 */ "- - - Y Y",
};
// Tasks: someone else's task, the asker's own (assigned), an open call nobody took, and a
// status only crew may set (done, say) on the asker's own task.
const othersTask: Record<Actions["task"], string> = {
  update: /*                       */ "- - Y Y Y",
  setStatus: /*                    */ "- - Y Y Y",
  claim: /*                        */ "- - - - -",
  submit: /*                       */ "- - - - -",
  review: /*                       */ "- - Y Y Y",
  comment: /*                      */ "- Y Y Y Y",
};
const ownTask: Record<Actions["task"], string> = {
  update: /*                       */ "- Y Y Y Y",
  setStatus: /*                    */ "- Y Y Y Y",
  claim: /*                        */ "- - - - -",
  submit: /*                       */ "- Y Y Y -",
  review: /*                       */ "- - Y Y Y",
  comment: /*                      */ "- Y Y Y Y",
};
const openCall: Record<Actions["task"], string> = {
  update: /*                       */ "- - Y Y Y",
  setStatus: /*                    */ "- - Y Y Y",
  claim: /*                        */ "- Y Y Y -",
  submit: /*                       */ "- Y Y Y -",
  review: /*                       */ "- - Y Y Y",
  comment: /*                      */ "- Y Y Y Y",
};
const ownTaskCrewStatus: Record<Actions["task"], string> = { ...ownTask, setStatus: /* */ "- - Y Y Y" };
// A comment thread on the script started by someone else, and one started by the asker.
const othersScriptComment: Record<Actions["scriptComment"], string> = {
  resolve: /*                      */ "- - Y Y Y",
  hide: /*                         */ "- - - Y Y",
};
const ownScriptComment: Record<Actions["scriptComment"], string> = {
  resolve: /*                      */ "- Y Y Y Y",
  hide: /*                         */ "- - - Y Y",
};
// A release before its publication time (embargo) and after it.
const embargoedRelease: Record<Actions["release"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  download: /*                     */ "- - - Y -",
  manage: /*                       */ "- - - Y Y",
  schedule: /*                     */ "- - - Y -",
};
const publishedRelease: Record<Actions["release"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  download: /*                     */ "Y Y Y Y Y",
  manage: /*                       */ "- - - Y Y",
  schedule: /*                     */ "- - - - -",
};
// A production's money, its budget shown to everyone and to members only.
const publicFunding: Record<Actions["funding"], string> = {
  readLedger: /*                   */ "Y Y Y Y Y",
  readBudget: /*                   */ "Y Y Y Y Y",
  manageBudget: /*                 */ "- - - Y -",
  proposeExpense: /*               */ "- - Y Y -",
  approveExpense: /*               */ "- - - Y -",
  manageCampaign: /*               */ "- - - Y -",
  pledge: /*                       */ "- Y Y Y Y",
  support: /*                      */ "- Y Y Y Y",
  recordPayment: /*                */ "- - - Y -",
  distribute: /*                   */ "- - - Y -",
  readShares: /*                   */ "Y Y Y Y Y",
};
const membersOnlyBudget: Record<Actions["funding"], string> = {
  ...publicFunding,
  readBudget: /*                   */ "- Y Y Y Y",
};
// Acting on another person's membership (a member's).
const membership: Record<Actions["membership"], string> = {
  changeRole: /*                   */ "- - - Y Y",
  remove: /*                       */ "- - - Y Y",
};
// Acting on the member's own account.
const account: Record<Actions["account"], string> = {
  read: /*                         */ "- Y - - -",
  update: /*                       */ "- Y - - -",
};

// A live document. Notes: any member edits. Script: members only when the
// production allows it; crew and producers always.
const notes: Record<Actions["document"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  edit: /*                         */ "- Y Y Y Y",
  checkpoint: /*                   */ "- Y Y Y Y",
  restore: /*                      */ "- Y Y Y Y",
};
const openScript: Record<Actions["document"], string> = notes;
const closedScript: Record<Actions["document"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  edit: /*                         */ "- - Y Y Y",
  checkpoint: /*                   */ "- - Y Y Y",
  restore: /*                      */ "- - Y Y Y",
};

// A poll open to members, results after the close, nobody has voted yet; every member
// joined long before it opened and confirmed their address.
const opensAt = new Date("2026-12-01T12:00:00Z");
const hoursBefore = (h: number) => new Date(opensAt.getTime() - h * 3600_000);
type PollFacts = Partial<Omit<PollResource, "type" | "role" | "rule" | "voter"> & { rule: Partial<PollRule>; voter: Partial<PollVoter> }>;
const pollFor = (p: Person, { rule, voter, ...facts }: PollFacts = {}): PollResource => ({
  type: "poll",
  role: roleOf(p),
  rule: { eligibility: "members", requireConfirmedEmail: true, minMembershipHours: 24, minAccountAgeDays: 0, opensAt, ...rule },
  voter:
    p === "visitor"
      ? null
      : { emailConfirmed: true, joinedAt: roleOf(p) ? hoursBefore(24 * 30) : null, accountCreatedAt: hoursBefore(24 * 60), now: opensAt, ...voter },
  open: true,
  closed: false,
  hasVoted: false,
  resultsVisibility: "after_close",
  ...facts,
});
const openPoll: Record<Actions["poll"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  vote: /*                         */ "- Y Y Y -",
  seeResults: /*                   */ "- - - - -",
  seeVoters: /*                    */ "- - - - -",
  manage: /*                       */ "- - - Y Y",
};
// The same poll (confirmed address, 24 h of membership before it opened) for people
// who fall short of its rule: nobody votes, the rest is unchanged.
const openPollShortOfRule: Record<Actions["poll"], string> = { ...openPoll, vote: /* */ "- - - - -" };
const shortOfRule: Record<string, PollFacts> = {
  "address not confirmed": { voter: { emailConfirmed: false } },
  "joined 23 h before it opened": { voter: { joinedAt: hoursBefore(23) } },
  "joined after it opened, address confirmed": { voter: { joinedAt: new Date(opensAt.getTime() + 60_000) } },
};
// A poll for any account at least 30 days old: site admins vote too.
const accountsPoll: Record<Actions["poll"], string> = { ...openPoll, vote: /* */ "- Y Y Y Y" };
const closedPoll: Record<Actions["poll"], string> = {
  read: /*                         */ "Y Y Y Y Y",
  vote: /*                         */ "- - - - -",
  seeResults: /*                   */ "Y Y Y Y Y",
  seeVoters: /*                    */ "- Y Y Y Y",
  manage: /*                       */ "- - - Y Y",
};

// Decisions, one table per status. Producers and crew draft; producers alone decide;
// once decided the record is frozen: only notes are added, or a new decision supersedes it.
const decisionTables: Record<DecisionStatus, Record<Actions["decision"], string>> = {
  draft: {
    read: /*                       */ "- - Y Y Y",
    edit: /*                       */ "- - Y Y Y",
    propose: /*                    */ "- - Y Y Y",
    decide: /*                     */ "- - - - -",
    comment: /*                    */ "- - Y Y Y",
    takePosition: /*               */ "- - - - -",
    amend: /*                      */ "- - - - -",
    supersede: /*                  */ "- - - - -",
  },
  proposed: {
    read: /*                       */ "Y Y Y Y Y",
    edit: /*                       */ "- - Y Y Y",
    propose: /*                    */ "- - - - -",
    decide: /*                     */ "- - - Y -",
    comment: /*                    */ "- Y Y Y Y",
    takePosition: /*               */ "- Y Y Y -",
    amend: /*                      */ "- - - - -",
    supersede: /*                  */ "- - - - -",
  },
  accepted: {
    read: /*                       */ "Y Y Y Y Y",
    edit: /*                       */ "- - - - -",
    propose: /*                    */ "- - - - -",
    decide: /*                     */ "- - - - -",
    comment: /*                    */ "- Y Y Y Y",
    takePosition: /*               */ "- - - - -",
    amend: /*                      */ "- - - Y -",
    supersede: /*                  */ "- - Y Y Y",
  },
  rejected: {
    read: /*                       */ "Y Y Y Y Y",
    edit: /*                       */ "- - - - -",
    propose: /*                    */ "- - - - -",
    decide: /*                     */ "- - - - -",
    comment: /*                    */ "- Y Y Y Y",
    takePosition: /*               */ "- - - - -",
    amend: /*                      */ "- - - Y -",
    supersede: /*                  */ "- - - - -",
  },
  superseded: {
    read: /*                       */ "Y Y Y Y Y",
    edit: /*                       */ "- - - - -",
    propose: /*                    */ "- - - - -",
    decide: /*                     */ "- - - - -",
    comment: /*                    */ "- Y Y Y Y",
    takePosition: /*               */ "- - - - -",
    amend: /*                      */ "- - - Y -",
    supersede: /*                  */ "- - - - -",
  },
};
// A decision's text follows its decision: read as the decision, edited while it is open.
const decisionText = (status: DecisionStatus): Record<Actions["document"], string> => {
  const t = decisionTables[status];
  return { read: t.read, edit: t.edit, checkpoint: t.edit, restore: t.edit };
};

function expectRow<A extends string>(action: A, row: string, resourceFor: (p: Person) => Resource) {
  const expected = row.split(" ");
  people.forEach((p, i) => {
    const got = can(userOf(p), action as never, resourceFor(p)) ? "Y" : "-";
    expect(got, `${p} ${action}`).toBe(expected[i]);
  });
}

describe("policy matrix: every person × every action", () => {
  for (const [action, row] of Object.entries(site)) {
    it(`site.${action}`, () => expectRow(action, row, () => ({ type: "site" })));
  }
  for (const [action, row] of Object.entries(production)) {
    it(`production.${action}`, () => expectRow(action, row, (p) => ({ type: "production", role: roleOf(p) })));
  }
  for (const [action, row] of Object.entries(membership)) {
    it(`membership.${action}`, () =>
      expectRow(action, row, (p) => ({
        type: "membership",
        role: roleOf(p),
        member: { userId: "u-someone-else", role: "member" },
      })),
    );
  }
  for (const [action, row] of Object.entries(notes)) {
    it(`document(notes).${action}`, () =>
      expectRow(action, row, (p) => ({ type: "document", kind: "notes", role: roleOf(p), membersEditScript: false })),
    );
  }
  for (const [action, row] of Object.entries(openScript)) {
    it(`document(script, open to members).${action}`, () =>
      expectRow(action, row, (p) => ({ type: "document", kind: "script", role: roleOf(p), membersEditScript: true })),
    );
  }
  for (const [action, row] of Object.entries(closedScript)) {
    it(`document(script, closed to members).${action}`, () =>
      expectRow(action, row, (p) => ({ type: "document", kind: "script", role: roleOf(p), membersEditScript: false })),
    );
  }
  for (const [action, row] of Object.entries(notes)) {
    it(`document(wiki page).${action}`, () =>
      expectRow(action, row, (p) => ({ type: "document", kind: "wiki", role: roleOf(p), membersEditScript: false, wikiProtected: false })),
    );
  }
  for (const [action, row] of Object.entries(closedScript)) {
    it(`document(protected wiki page).${action}`, () =>
      expectRow(action, row, (p) => ({ type: "document", kind: "wiki", role: roleOf(p), membersEditScript: true, wikiProtected: true })),
    );
  }
  for (const [action, row] of Object.entries(openPoll)) {
    it(`poll(open).${action}`, () => expectRow(action, row, (p) => pollFor(p)));
  }
  for (const [why, facts] of Object.entries(shortOfRule)) {
    for (const [action, row] of Object.entries(openPollShortOfRule)) {
      it(`poll(open, ${why}).${action}`, () => expectRow(action, row, (p) => pollFor(p, facts)));
    }
  }
  for (const [action, row] of Object.entries(accountsPoll)) {
    it(`poll(open to accounts 30 days old).${action}`, () =>
      expectRow(action, row, (p) => pollFor(p, { rule: { eligibility: "accounts", minAccountAgeDays: 30 } })),
    );
  }
  for (const [action, row] of Object.entries(closedPoll)) {
    it(`poll(closed).${action}`, () => expectRow(action, row, (p) => pollFor(p, { open: false, closed: true })));
  }
  for (const [status, table] of Object.entries(decisionTables) as [DecisionStatus, Record<string, string>][]) {
    for (const [action, row] of Object.entries(table)) {
      it(`decision(${status}).${action}`, () => expectRow(action, row, (p) => ({ type: "decision", role: roleOf(p), status })));
    }
    for (const [action, row] of Object.entries(decisionText(status))) {
      it(`document(decision, ${status}).${action}`, () =>
        expectRow(action, row, (p) => ({ type: "document", kind: "decision", role: roleOf(p), membersEditScript: true, decisionStatus: status })),
      );
    }
  }
  for (const [action, row] of Object.entries(embargoedRelease)) {
    it(`release(embargoed).${action}`, () => expectRow(action, row, (p) => ({ type: "release", role: roleOf(p), published: false })));
  }
  for (const [action, row] of Object.entries(publishedRelease)) {
    it(`release(published).${action}`, () => expectRow(action, row, (p) => ({ type: "release", role: roleOf(p), published: true })));
  }
  for (const [action, row] of Object.entries(publicFunding)) {
    it(`funding(public budget).${action}`, () => expectRow(action, row, (p) => ({ type: "funding", role: roleOf(p), budgetPublic: true })));
  }
  for (const [action, row] of Object.entries(membersOnlyBudget)) {
    it(`funding(members-only budget).${action}`, () => expectRow(action, row, (p) => ({ type: "funding", role: roleOf(p), budgetPublic: false })));
  }
  for (const [action, row] of Object.entries(othersScriptComment)) {
    it(`scriptComment(someone else's).${action}`, () => expectRow(action, row, (p) => ({ type: "scriptComment", role: roleOf(p), own: false })));
  }
  for (const [action, row] of Object.entries(ownScriptComment)) {
    it(`scriptComment(own).${action}`, () => expectRow(action, row, (p) => ({ type: "scriptComment", role: roleOf(p), own: p !== "visitor" && p !== "admin" })));
  }
  const member = (p: Person) => p !== "visitor" && p !== "admin";
  for (const [action, row] of Object.entries(othersTask)) {
    it(`task(someone else's).${action}`, () => expectRow(action, row, (p) => ({ type: "task", role: roleOf(p), assigned: false, open: false })));
  }
  for (const [action, row] of Object.entries(ownTask)) {
    it(`task(assigned).${action}`, () => expectRow(action, row, (p) => ({ type: "task", role: roleOf(p), assigned: member(p), open: false })));
  }
  for (const [action, row] of Object.entries(openCall)) {
    it(`task(open call).${action}`, () => expectRow(action, row, (p) => ({ type: "task", role: roleOf(p), assigned: false, open: true })));
  }
  for (const [action, row] of Object.entries(ownTaskCrewStatus)) {
    it(`task(assigned, crew-only status).${action}`, () =>
      expectRow(action, row, (p) => ({ type: "task", role: roleOf(p), assigned: member(p), open: false, statusSetBy: "crew" })),
    );
  }
  for (const [action, row] of Object.entries(account)) {
    it(`account.${action}`, () => expectRow(action, row, () => ({ type: "account", ownerId: ids.member })));
  }
});

describe("policy edge cases", () => {
  it("poll results: live for all, after voting for those who voted, else after the close", () => {
    const member = { id: "m", isAdmin: false };
    const base = pollFor("member");
    expect(can(null, "seeResults", { ...base, hasVoted: false, resultsVisibility: "live" })).toBe(true);
    expect(can(member, "seeResults", { ...base, hasVoted: false, resultsVisibility: "after_vote" })).toBe(false);
    expect(can(member, "seeResults", { ...base, hasVoted: true, resultsVisibility: "after_vote" })).toBe(true);
    expect(can(member, "seeResults", { ...base, hasVoted: true, resultsVisibility: "after_close" })).toBe(false);
  });

  it("poll votes: every reason someone may not vote is named, and none when they may", () => {
    const member = userOf("member");
    expect(voteProblems(null, pollFor("visitor"))).toEqual(["signedOut"]);
    expect(voteProblems({ id: "s", isAdmin: false, suspended: true }, pollFor("member"))).toEqual(["suspended"]);
    // A newcomer: joined a minute ago, address not confirmed yet.
    const newcomer = pollFor("member", { voter: { emailConfirmed: false, joinedAt: new Date(opensAt.getTime() + 60_000) } });
    expect(voteProblems(member, newcomer)).toEqual(["joinedTooRecently", "emailUnconfirmed"]);
    expect(voteProblems(member, { ...newcomer, open: false })).toEqual(["notOpen", "joinedTooRecently", "emailUnconfirmed"]);
    expect(voteProblems(userOf("admin"), pollFor("admin"))).toEqual(["notMember"]);
    // Exactly the minimum before the opening is enough; a millisecond less is not.
    expect(voteProblems(member, pollFor("member", { voter: { joinedAt: hoursBefore(24) } }))).toEqual([]);
    expect(voteProblems(member, pollFor("member", { voter: { joinedAt: new Date(hoursBefore(24).getTime() + 1) } }))).toEqual(["joinedTooRecently"]);
    // A poll without the rule's parts takes every member's vote, even of one who joined after it opened.
    const open = { rule: { requireConfirmedEmail: false, minMembershipHours: 0 } };
    const joinedLater = new Date(opensAt.getTime() + 3600_000);
    expect(voteProblems(member, pollFor("member", { ...open, voter: { emailConfirmed: false, joinedAt: joinedLater } }))).toEqual([]);
    // Any account: its age counts, not membership.
    const accounts = { eligibility: "accounts", minAccountAgeDays: 30 } as const;
    expect(voteProblems(null, pollFor("visitor", { rule: accounts }))).toEqual(["signedOut"]);
    const young = pollFor("admin", { rule: accounts, voter: { accountCreatedAt: hoursBefore(24 * 29) } });
    expect(voteProblems(userOf("admin"), young)).toEqual(["accountTooNew"]);
    expect(can(userOf("admin"), "vote", young)).toBe(false);
  });

  it("a producer cannot remove themselves (they leave instead), but can change their own role", () => {
    const producer = { id: "p", isAdmin: false };
    const self = { type: "membership", role: "producer", member: { userId: "p", role: "producer" } } as const;
    expect(can(producer, "remove", self)).toBe(false);
    expect(can(producer, "changeRole", self)).toBe(true);
  });

  it("a site admin who joined a production cannot change their own role (and so never opens an embargo)", () => {
    const admin = { id: "a", isAdmin: true };
    expect(can(admin, "changeRole", { type: "membership", role: "member", member: { userId: "a", role: "member" } })).toBe(false);
    expect(can(admin, "changeRole", { type: "membership", role: "member", member: { userId: "b", role: "member" } })).toBe(true);
  });

  it("a suspended account can read public things and do nothing else", () => {
    const suspended = { id: "s", isAdmin: true, suspended: true };
    expect(can(suspended, "read", { type: "production", role: "producer" })).toBe(true);
    expect(can(suspended, "update", { type: "production", role: "producer" })).toBe(false);
    expect(can(suspended, "createProduction", { type: "site" })).toBe(false);
    expect(can(suspended, "moderate", { type: "site" })).toBe(false);
    expect(can(suspended, "update", { type: "account", ownerId: "s" })).toBe(false);
  });

  it("a signed-in stranger to the production, or a suspended member, takes no position on a proposal", () => {
    const proposed = { type: "decision", role: null, status: "proposed" } as const;
    expect(can({ id: "stranger", isAdmin: false }, "takePosition", proposed)).toBe(false);
    expect(can({ id: "stranger", isAdmin: false }, "read", proposed)).toBe(true);
    expect(can({ id: "s", isAdmin: false, suspended: true }, "takePosition", { ...proposed, role: "member" })).toBe(false);
  });
});
