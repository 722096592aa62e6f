// A campaign ends at its deadline though nobody opens its page: the studio's periodic pass
// (with the poll closer) ends it, and an all-or-nothing one short of its goal gives every
// received pledge back to be refunded.
import { describe, expect, it } from "vitest";
import { createCampaign, markReceived, pledge } from "~/features/funding/campaigns.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, waitFor } from "../support/collab";

describe("a campaign's deadline", () => {
  it("ends the campaign with nobody looking, and marks a failed one's pledges to refund", async () => {
    const producer = await testUser("camp");
    const backer = await testUser("backer");
    const { production } = await testProduction(producer);
    const created = await createCampaign(production.id, {
      title: "Finish the film",
      text: "",
      goal: 100_000,
      currency: "EUR",
      deadline: new Date(Date.now() + 3600_000),
      mode: "all_or_nothing",
      tiers: [{ name: "Friend", amount: 1000, creditAs: "Backer", poster: false, screeningId: null }],
    });
    if (!created.ok) throw new Error(created.problem);
    const campaignId = created.campaign.id;
    const p = await pledge(campaignId, backer.id, { tierId: null, amount: 2500, creditName: null, listed: false, provider: "manual" });
    if (!p.ok) throw new Error(p.problem);
    expect(await markReceived(campaignId, p.pledge.id, producer.id)).toBe(true);

    // The deadline passes; no page of the campaign is opened.
    await db.campaign.update({ where: { id: campaignId }, data: { deadline: new Date(Date.now() - 1000) } });
    await waitFor(async () => (await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state !== "open", "the campaign ended", 20_000);

    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("failed");
    expect((await db.pledge.findUniqueOrThrow({ where: { id: p.pledge.id } })).state).toBe("to_refund");
    expect(await db.notification.count({ where: { userId: backer.id, kind: "campaignFailed" } })).toBe(1);
  });
});
