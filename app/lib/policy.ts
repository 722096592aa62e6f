// The one policy function. Every loader, action, download and live document asks
// `can(user, action, resource)`; nothing else decides a permission.
//
// Pure: the caller loads the facts (the user's role in the production, who owns an
// account) and the policy decides. The matrix test walks every role × action.

export type Role = "producer" | "crew" | "member";
export const roles: readonly Role[] = ["producer", "crew", "member"];

/** The person asking: null for a visitor. */
export type User = { id: string; isAdmin: boolean; suspended?: boolean } | null;

export type Resource =
  | { type: "site" }
  /** `role` is the asking user's role in this production (null: not a member). */
  | { type: "production"; role: Role | null }
  /** Someone's membership; `role` again the asking user's role in the production. */
  | { type: "membership"; role: Role | null; member: { userId: string; role: Role } }
  /** An account's private parts: sessions, password, settings. */
  | { type: "account"; ownerId: string }
  /**
   * A live document of a production; `role` is the asking user's role there. A
   * decision's text also states the decision's status.
   */
  | { type: "document"; kind: DocumentKind; role: Role | null; membersEditScript: boolean; decisionStatus?: DecisionStatus; wikiProtected?: boolean }
  /** A decision of the open log, in its current status. */
  | { type: "decision"; role: Role | null; status: DecisionStatus }
  /** A comment thread on the script; `own` says whether the asking user started it. */
  | { type: "scriptComment"; role: Role | null; own: boolean }
  /**
   * A task of the tracker: whether the asking user is assigned to it, whether it is an open
   * call, and (to change its status) who may set the status asked for.
   */
  | { type: "task"; role: Role | null; assigned: boolean; open: boolean; statusSetBy?: "member" | "crew" }
  /** A release, and whether its publication time has come. */
  | { type: "release"; role: Role | null; published: boolean }
  /**
   * A production's money: budget, expenses, campaigns, pledges, the ledger. `budgetPublic`
   * is the producers' choice to show the budget to everyone or to members only.
   */
  | { type: "funding"; role: Role | null; budgetPublic: boolean }
  /**
   * A poll. The caller states the facts: the asking user's role, the poll's rule for
   * voters and how the asking user stands against it, whether it takes ballots now,
   * whether it has closed, and whether they have voted.
   */
  | PollResource;

export type PollResource = {
  type: "poll";
  role: Role | null;
  rule: PollRule;
  /** The asking user's standing; null for a visitor. */
  voter: PollVoter | null;
  open: boolean;
  closed: boolean;
  hasVoted: boolean;
  resultsVisibility: "live" | "after_vote" | "after_close";
};

/** Who may vote in a poll. */
export type PollRule = {
  /** members of the production, or any account */
  eligibility: "members" | "accounts";
  requireConfirmedEmail: boolean;
  /** members: joined the production at least this long before the poll opened (0: whenever) */
  minMembershipHours: number;
  /** any account: at least this old */
  minAccountAgeDays: number;
  opensAt: Date;
};

export type PollVoter = { emailConfirmed: boolean; joinedAt: Date | null; accountCreatedAt: Date; now: Date };

/** Why someone may not vote in a poll. */
export type VoteProblem = "signedOut" | "suspended" | "notOpen" | "notMember" | "accountTooNew" | "emailUnconfirmed" | "joinedTooRecently";

const HOUR_MS = 3600_000;

/**
 * Every reason the asking user may not vote in this poll, empty when they may:
 * `can(user, "vote", poll)` is exactly this being empty. The poll page and the
 * ballot action show these reasons (throwaway accounts are what the rule is for).
 */
export function voteProblems(user: User, poll: PollResource): VoteProblem[] {
  if (!user) return ["signedOut"];
  if (user.suspended) return ["suspended"];
  const problems: VoteProblem[] = [];
  if (!poll.open) problems.push("notOpen");
  const { rule, voter } = poll;
  if (rule.eligibility === "members") {
    // With a minimum, joining after the poll opened is always too late; without one, every member votes.
    if (poll.role === null || !voter?.joinedAt) problems.push("notMember");
    else if (rule.minMembershipHours > 0 && voter.joinedAt.getTime() > rule.opensAt.getTime() - rule.minMembershipHours * HOUR_MS) {
      problems.push("joinedTooRecently");
    }
  } else if (!voter || voter.now.getTime() - voter.accountCreatedAt.getTime() < rule.minAccountAgeDays * 24 * HOUR_MS) {
    problems.push("accountTooNew");
  }
  if (rule.requireConfirmedEmail && !voter?.emailConfirmed) problems.push("emailUnconfirmed");
  return problems;
}

/** The kinds of live document (doc names are `<kind>:<id>`). */
export type DocumentKind = "notes" | "script" | "decision" | "wiki";

export type DecisionStatus = "draft" | "proposed" | "accepted" | "rejected" | "superseded";

export type Actions = {
  site: "browse" | "signUp" | "createProduction" | "moderate";
  production:
    | "read"
    | "update"
    | "join"
    | "leave"
    | "follow"
    | "manageMembers"
    | "createPoll"
    | "createDecision"
    | "writeLog"
    | "createRelease"
    | "manageScreenings"
    | "createWikiPage"
    | "discuss"
    | "manageWiki"
    | "freezeDraft"
    | "manageTracker"
    | "editTaskLists"
    | "offerHelp"
    | "answerOffers";
  membership: "changeRole" | "remove";
  account: "read" | "update";
  document: "read" | "edit" | "checkpoint" | "restore";
  poll: "read" | "vote" | "seeResults" | "seeVoters" | "manage";
  decision: "read" | "edit" | "propose" | "decide" | "comment" | "takePosition" | "amend" | "supersede";
  release: "read" | "download" | "manage" | "schedule";
  funding:
    | "readLedger"
    | "readBudget"
    | "manageBudget"
    | "proposeExpense"
    | "approveExpense"
    | "manageCampaign"
    | "pledge"
    | "support"
    | "recordPayment"
    | "distribute"
    | "readShares";
  scriptComment: "resolve" | "hide";
  task: "update" | "setStatus" | "claim" | "submit" | "review" | "comment";
};

export type Action<R extends Resource = Resource> = Actions[R["type"]];

export function can<R extends Resource>(user: User, action: Actions[R["type"]], resource: R): boolean {
  // A suspended account keeps read access to what is public, nothing more.
  const active = user && !user.suspended ? user : null;

  switch (resource.type) {
    case "site":
      switch (action as Actions["site"]) {
        case "browse":
          return true;
        case "signUp":
          return user === null;
        case "createProduction":
          return active !== null;
        case "moderate":
          return active?.isAdmin === true;
      }
      return false;

    case "production": {
      const role = active ? resource.role : null;
      switch (action as Actions["production"]) {
        case "read":
          return true; // productions are made in the open
        case "update":
        case "manageMembers":
        case "createPoll":
        case "writeLog":
        case "createRelease":
        case "manageScreenings":
        case "manageWiki":
        case "freezeDraft":
        case "editTaskLists":
        case "answerOffers":
          return role === "producer" || active?.isAdmin === true;
        case "manageTracker":
          // Crew run the tracker day to day: tasks, breakdown, schedule.
          return role === "producer" || role === "crew" || active?.isAdmin === true;
        case "offerHelp":
          // Anyone with an account may offer a camera or a flat, member or not.
          return active !== null;
        case "createDecision":
          return role === "producer" || role === "crew" || active?.isAdmin === true;
        case "createWikiPage":
        case "discuss":
          // Members take part; visitors read.
          return role !== null || active?.isAdmin === true;
        case "join":
          return active !== null && role === null;
        case "leave":
          return active !== null && role !== null;
        case "follow":
          return active !== null;
      }
      return false;
    }

    case "membership": {
      if (!active) return false;
      const manager = resource.role === "producer" || active.isAdmin;
      switch (action as Actions["membership"]) {
        case "changeRole":
          // A site admin who joins never makes themself producer: that would open every embargo.
          return manager && (resource.member.userId !== active.id || resource.role === "producer");
        case "remove":
          // Leaving is its own action; producers remove others.
          return manager && resource.member.userId !== active.id;
      }
      return false;
    }

    case "account":
      return active !== null && active.id === resource.ownerId;

    case "document": {
      if (resource.kind === "decision") {
        // A decision's text is the decision's: drafted by producers and crew, frozen once decided.
        const status = resource.decisionStatus ?? "draft";
        return can(user, action === "read" ? "read" : "edit", { type: "decision", role: resource.role, status });
      }
      if (action === "read") return true; // made in the open: visitors read, live
      if (!active) return false;
      const role = resource.role;
      // Editing, saving a named version and restoring one go together: restoring is an edit.
      if (active.isAdmin || role === "producer" || role === "crew") return true;
      if (resource.kind === "wiki") return role === "member" && !resource.wikiProtected;
      return role === "member" && (resource.kind !== "script" || resource.membersEditScript);
    }

    case "poll": {
      switch (action as Actions["poll"]) {
        case "read":
          return true;
        case "vote":
          return voteProblems(user, resource).length === 0;
        case "seeResults":
          // The same rule for everyone, producers included: nobody is swayed early.
          return resource.closed || resource.resultsVisibility === "live" || (resource.resultsVisibility === "after_vote" && active !== null && resource.hasVoted);
        case "seeVoters":
          // Who voted, never how: members, once the poll has closed.
          return active !== null && resource.closed && (resource.role !== null || active.isAdmin);
        case "manage":
          return active !== null && (resource.role === "producer" || active.isAdmin);
      }
      return false;
    }

    case "decision": {
      const role = active ? resource.role : null;
      const drafter = role === "producer" || role === "crew" || active?.isAdmin === true;
      const open = resource.status === "draft" || resource.status === "proposed";
      switch (action as Actions["decision"]) {
        case "read":
          // Drafts are the drafters' until proposed; from then on the community's.
          return resource.status !== "draft" || drafter;
        case "edit":
          return drafter && open;
        case "propose":
          return drafter && resource.status === "draft";
        case "decide":
          // Producers decide, and nobody else: not crew, not a site admin.
          return role === "producer" && resource.status === "proposed";
        case "comment":
          return active !== null && (role !== null || active.isAdmin) && (resource.status !== "draft" || drafter);
        case "takePosition":
          // Members of the production state where they stand while it is proposed; the
          // positions are part of the record once it is decided (a site admin who is not a member does not).
          return active !== null && role !== null && resource.status === "proposed";
        case "amend":
          // The record is never rewritten; a note can be added to it.
          return role === "producer" && (resource.status === "accepted" || resource.status === "rejected" || resource.status === "superseded");
        case "supersede":
          return drafter && resource.status === "accepted";
      }
      return false;
    }

    case "scriptComment": {
      if (!active) return false;
      const lead = resource.role === "producer" || active.isAdmin;
      switch (action as Actions["scriptComment"]) {
        case "resolve":
          // Whoever raised it, or the people who answer for the script.
          return (resource.own && resource.role !== null) || lead || resource.role === "crew";
        case "hide":
          return lead;
      }
      return false;
    }

    case "task": {
      if (!active) return false;
      const lead = resource.role === "producer" || resource.role === "crew" || active.isAdmin;
      const member = resource.role !== null;
      switch (action as Actions["task"]) {
        case "update":
          // Members change the tasks they are assigned to, never others'.
          return lead || (member && resource.assigned);
        case "setStatus":
          return (lead || (member && resource.assigned)) && (resource.statusSetBy !== "crew" || lead);
        case "claim":
          return member && resource.open && !resource.assigned;
        case "submit":
          return member && (resource.open || resource.assigned);
        case "review":
          return lead;
        case "comment":
          return member || active.isAdmin;
      }
      return false;
    }

    case "release": {
      const producer = active !== null && resource.role === "producer";
      switch (action as Actions["release"]) {
        case "read":
          // The page (premiere date, screenings) is public before the premiere.
          return true;
        case "download":
          // Under embargo nobody but the producers, not even a site admin: the premiere is theirs to give.
          return resource.published || producer;
        case "manage":
          return producer || active?.isAdmin === true;
        case "schedule":
          // Moving the premiere (or publishing now) is the producers' alone: an admin who could
          // move it could download a moment later. Once it has come, it is history, fixed.
          return producer && !resource.published;
      }
      return false;
    }

    case "funding": {
      const role = active ? resource.role : null;
      const producer = role === "producer";
      switch (action as Actions["funding"]) {
        case "readLedger":
        case "readShares":
          // Every movement of money is public: that is what backers are promised.
          return true;
        case "readBudget":
          return resource.budgetPublic || role !== null || active?.isAdmin === true;
        case "proposeExpense":
          return producer || role === "crew";
        case "pledge":
        case "support":
          return active !== null;
        case "manageBudget":
        case "approveExpense":
        case "manageCampaign":
        case "recordPayment":
        case "distribute":
          // Money is the producers' to answer for, not a site admin's.
          return producer;
      }
      return false;
    }
  }
}
