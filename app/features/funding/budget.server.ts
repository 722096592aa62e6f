// A production's budget (decision 0054): lines planned by department, expenses proposed
// against them with a receipt, approved or rejected by a producer. Approving writes the
// expense's `expense_paid` ledger entry in the same transaction as the new state, and a
// state changes only from `proposed` (`updateMany … where state`), so a second click or
// two producers at once record nothing twice. Permissions are the routes' (the policy's
// `funding` resource); these functions keep the money's own rules.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileStore } from "~/features/releases/file-store.server";
import { db } from "~/lib/db.server";
import { MAX_RECEIPT_BYTES, decisionThreshold, expenseAmount, needsDecision, sniffReceipt } from "./budget-form";
import { recordEntry } from "./ledger.server";

export const receiptKey = (expenseId: string) => `receipts/${expenseId}`;

/** The lines in their order, each with its expenses (newest first) and what they name. */
export function budgetOf(productionId: string) {
  return db.budgetLine.findMany({
    where: { productionId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    include: {
      expenses: {
        orderBy: { proposedAt: "desc" },
        include: {
          proposedBy: { select: { handle: true, displayName: true } },
          decidedBy: { select: { handle: true, displayName: true } },
          decision: { select: { number: true, title: true } },
          ledgerEntry: { select: { number: true } },
        },
      },
    },
  });
}

export type LineInput = { department: string; name: string; planned: number; currency: string };

export async function addLine(productionId: string, input: LineInput) {
  const last = await db.budgetLine.aggregate({ where: { productionId }, _max: { position: true } });
  return db.budgetLine.create({ data: { productionId, ...input, position: (last._max.position ?? -1) + 1 } });
}

export function setBudgetPublic(productionId: string, budgetPublic: boolean) {
  return db.production.update({ where: { id: productionId }, data: { budgetPublic } });
}

export type ProposeProblem = "budget.error.line" | "budget.error.amount" | "budget.error.receiptMissing" | "budget.error.receiptTooLarge" | "budget.error.receiptType";
export type ProposeResult = { ok: true; expenseId: string } | { ok: false; field: "line" | "amount" | "receipt"; problem: ProposeProblem };

/** A crew member's or producer's expense against a line of this production, with its receipt. */
export async function proposeExpense(
  productionId: string,
  userId: string,
  input: { lineId: string; amount: string; description: string; receipt: { name: string; bytes: Uint8Array } | null },
): Promise<ProposeResult> {
  const line = await db.budgetLine.findFirst({ where: { id: input.lineId, productionId }, select: { id: true, currency: true } });
  if (!line) return { ok: false, field: "line", problem: "budget.error.line" };
  const amount = expenseAmount(input.amount, line.currency);
  if (amount === null) return { ok: false, field: "amount", problem: "budget.error.amount" };
  const receipt = input.receipt;
  if (!receipt || receipt.bytes.length === 0) return { ok: false, field: "receipt", problem: "budget.error.receiptMissing" };
  if (receipt.bytes.length > MAX_RECEIPT_BYTES) return { ok: false, field: "receipt", problem: "budget.error.receiptTooLarge" };
  // By its first bytes, never by its name or the type the browser declared.
  const type = sniffReceipt(receipt.bytes);
  if (!type) return { ok: false, field: "receipt", problem: "budget.error.receiptType" };
  const expense = await db.expense.create({
    data: {
      lineId: line.id,
      amount,
      currency: line.currency,
      description: input.description,
      // The name is kept for people to read, never used as a path.
      // eslint-disable-next-line no-control-regex -- control characters are what is replaced
      receiptName: receipt.name.replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200) || "receipt",
      receiptType: type,
      receiptSize: receipt.bytes.length,
      receiptSha256: createHash("sha256").update(receipt.bytes).digest("hex"),
      proposedById: userId,
    },
  });
  try {
    const temp = path.join(os.tmpdir(), `claquette-receipt-${expense.id}`);
    await fs.writeFile(temp, receipt.bytes);
    await fileStore().adopt(temp, receiptKey(expense.id));
  } catch (e) {
    // No expense without its receipt.
    await db.expense.delete({ where: { id: expense.id } });
    throw e;
  }
  return { ok: true, expenseId: expense.id };
}

export type DecideProblem = "budget.error.expense" | "budget.error.alreadyDecided" | "budget.error.decisionRequired" | "budget.error.decisionUnknown" | "budget.error.decisionNotAccepted";
export type DecideResult = { ok: true; state: "approved" | "rejected"; ledgerNumber: number | null } | { ok: false; problem: DecideProblem; threshold?: { amount: number; currency: string } };

/**
 * A producer approves or rejects a proposed expense. Approving pays it: the ledger gets
 * its `expense_paid` entry (the negative amount) in the same transaction. An expense at or
 * above the threshold is approved only with an accepted decision of this production.
 */
export async function decideExpense(productionId: string, userId: string, input: { expenseId: string; verdict: "approve" | "reject"; decisionNumber: number | null }): Promise<DecideResult> {
  const expense = await db.expense.findFirst({ where: { id: input.expenseId, line: { productionId } }, include: { line: { select: { name: true, department: true } } } });
  if (!expense) return { ok: false, problem: "budget.error.expense" };
  if (expense.state !== "proposed") return { ok: false, problem: "budget.error.alreadyDecided" };
  if (input.verdict === "reject") {
    const done = await db.expense.updateMany({ where: { id: expense.id, state: "proposed" }, data: { state: "rejected", decidedById: userId, decidedAt: new Date() } });
    return done.count ? { ok: true, state: "rejected", ledgerNumber: null } : { ok: false, problem: "budget.error.alreadyDecided" };
  }
  let decisionId: string | null = null;
  if (input.decisionNumber !== null) {
    const decision = await db.decision.findFirst({ where: { productionId, number: input.decisionNumber }, select: { id: true, status: true } });
    if (!decision) return { ok: false, problem: "budget.error.decisionUnknown" };
    if (decision.status !== "accepted") return { ok: false, problem: "budget.error.decisionNotAccepted" };
    decisionId = decision.id;
  }
  if (needsDecision(expense) && !decisionId) return { ok: false, problem: "budget.error.decisionRequired", threshold: { amount: decisionThreshold(expense.currency), currency: expense.currency } };
  return db.$transaction(async (tx) => {
    const now = new Date();
    const moved = await tx.expense.updateMany({ where: { id: expense.id, state: "proposed" }, data: { state: "approved", decidedById: userId, decidedAt: now, decisionId } });
    if (!moved.count) return { ok: false, problem: "budget.error.alreadyDecided" } as const;
    const entry = await recordEntry(tx, {
      productionId,
      kind: "expense_paid",
      amount: -expense.amount,
      currency: expense.currency,
      description: `${expense.line.department} · ${expense.line.name}: ${expense.description}`,
      occurredAt: now,
      recordedById: userId,
    });
    await tx.expense.update({ where: { id: expense.id }, data: { ledgerEntryId: entry.id } });
    return { ok: true, state: "approved", ledgerNumber: entry.number } as const;
  });
}

/** A receipt of this production's budget, for the policy-checked download. */
export function receiptOf(productionId: string, expenseId: string) {
  return db.expense.findFirst({ where: { id: expenseId, line: { productionId } }, select: { id: true, receiptName: true, receiptType: true, receiptSize: true } });
}
