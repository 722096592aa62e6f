// The facts the policy needs about a poll and the person asking, in one prepared
// statement: this runs on every ballot cast.
import type { Poll, PollOption, Role as RoleColumn } from "~/generated/prisma/client";
import type { Viewer } from "~/lib/context";
import { sql } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import type { PollResource } from "~/lib/policy";
import { pollState } from "./polls.server";

type PollRow = Poll & {
  options: PollOption[];
  productionSlug: string;
  productionTitle: string;
  role: RoleColumn | null;
  hasVoted: boolean;
  joinedAt: Date | null;
  accountCreatedAt: Date | null;
  emailConfirmedAt: Date | null;
};

export async function pollFor(slug: string, pollId: string, viewer: Viewer | null) {
  const [found] = await sql<PollRow>(
    "poll-for",
    `SELECT p.*, pr.slug AS "productionSlug", pr.title AS "productionTitle",
            m.role, m."joinedAt",
            EXISTS (SELECT 1 FROM "Ballot" b WHERE b."pollId" = p.id AND b."userId" = $2) AS "hasVoted",
            u."createdAt" AS "accountCreatedAt", u."emailConfirmedAt",
            COALESCE((SELECT json_agg(json_build_object('id', o.id, 'pollId', o."pollId", 'key', o.key, 'label', o.label,
                                                        'position', o.position, 'imageId', o."imageId") ORDER BY o.position)
                        FROM "PollOption" o WHERE o."pollId" = p.id), '[]') AS options
       FROM "Poll" p JOIN "Production" pr ON pr.id = p."productionId" LEFT JOIN "User" u ON u.id = $2
            LEFT JOIN "Membership" m ON m."productionId" = p."productionId" AND m."userId" = $2
      WHERE p.id = $1`,
    [pollId, viewer?.id ?? ""],
  );
  if (!found || found.productionSlug !== slug) notFound();
  const { productionSlug, productionTitle, role, joinedAt, hasVoted, accountCreatedAt, emailConfirmedAt, ...poll } = found;
  const now = new Date();
  const state = pollState(poll, now);
  const resource: PollResource = {
    type: "poll",
    role,
    rule: {
      eligibility: poll.eligibility,
      requireConfirmedEmail: poll.requireConfirmedEmail,
      minMembershipHours: poll.minMembershipHours,
      minAccountAgeDays: poll.minAccountAgeDays,
      opensAt: poll.opensAt,
    },
    voter: viewer && accountCreatedAt ? { emailConfirmed: emailConfirmedAt !== null, joinedAt, accountCreatedAt, now } : null,
    open: state.open,
    closed: state.closed,
    hasVoted,
    resultsVisibility: poll.resultsVisibility,
  };
  return { production: { id: poll.productionId, slug: productionSlug, title: productionTitle }, poll, role, joinedAt, state, resource };
}
