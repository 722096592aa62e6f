import { Readable } from "node:stream";
import type { Route } from "./+types/funding.budget-receipt";
import { receiptKey, receiptOf } from "~/features/funding/budget.server";
import { fundingOf } from "~/features/funding/funding.server";
import { fileStore } from "~/features/releases/file-store.server";
import { notFound, policyUser, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";

// An expense's receipt, to whoever may read the budget: downloaded, never shown inline
// (its type was checked by content when it came in; the name is the proposer's, quoted,
// never a path: the file is found by the expense's id).
export async function loader({ context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource } = await fundingOf(params.slug, viewer?.id);
  if (!can(policyUser(viewer), "readBudget", resource)) notFound();
  const receipt = await receiptOf(production.id, params.id);
  if (!receipt) notFound();
  const stored = await fileStore().stat(receiptKey(receipt.id));
  if (!stored) notFound();
  const ascii = receipt.receiptName.replace(/[^\w.-]/g, "_");
  return new Response(Readable.toWeb(await fileStore().read(receiptKey(receipt.id))) as ReadableStream, {
    headers: {
      "Content-Type": receipt.receiptType,
      "Content-Length": String(stored.size),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(receipt.receiptName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
    },
  });
}
