import { Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/funding.budget";
import { chartScale, summarize } from "~/features/funding/budget";
import { decideFields, decideSchema, expenseFields, expenseSchema, lineFields, lineSchema } from "~/features/funding/budget-form";
import { addLine, budgetOf, decideExpense, proposeExpense, setBudgetPublic } from "~/features/funding/budget.server";
import { BudgetChart, BudgetTable } from "~/features/funding/components/budget";
import { AddLineForm, ExpenseItem, ProposeExpenseForm, VisibilityForm, type Failed } from "~/features/funding/components/budget-forms";
import { fundingOf } from "~/features/funding/funding.server";
import { formatMoney } from "~/features/funding/money";
import { db } from "~/lib/db.server";
import { fail, parseForm, type FormFailure } from "~/lib/forms";
import { MiB, type BodyLimitHandle } from "~/lib/body-limit";
import { authorize, localeOf, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { FormAlert, Notice } from "~/ui/form";
import { useT } from "~/ui/i18n";

/** A receipt (≤ 5 MB, MAX_RECEIPT_BYTES) and its expense's fields. */
export const handle: BodyLimitHandle = { bodyLimit: 6 * MiB };

// The budget: lines by department, planned against actual, expenses with their receipts.
// Members-only budgets are not found by anyone else (the policy's readBudget).
export async function loader({ context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, resource } = await fundingOf(params.slug, viewer?.id);
  const user = policyUser(viewer);
  if (!can(user, "readBudget", resource)) notFound();
  const may = { manage: can(user, "manageBudget", resource), propose: can(user, "proposeExpense", resource), approve: can(user, "approveExpense", resource) };
  const lines = await budgetOf(production.id);
  const summary = summarize(lines);
  const decisions = may.approve
    ? await db.decision.findMany({ where: { productionId: production.id, status: "accepted" }, orderBy: { number: "desc" }, select: { number: true, title: true } })
    : [];
  return {
    production: { slug: production.slug, title: production.title, budgetPublic: production.budgetPublic },
    may,
    summary,
    scale: chartScale(summary.departments),
    lines: lines.map((l) => ({
      id: l.id,
      department: l.department,
      name: l.name,
      currency: l.currency,
      expenses: l.expenses.map((e) => ({
        id: e.id,
        amount: e.amount,
        currency: e.currency,
        description: e.description,
        state: e.state,
        proposedAt: e.proposedAt,
        proposedBy: e.proposedBy,
        decidedBy: e.decidedBy,
        decision: e.decision,
        ledgerNumber: e.ledgerEntry?.number ?? null,
        receiptName: e.receiptName,
      })),
    })),
    decisions,
  };
}

const intents = z.enum(["line", "expense", "decide", "visibility"]);

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, resource } = await fundingOf(params.slug, viewer.id);
  const form = await request.formData();
  const intent = intents.safeParse(form.get("intent"));
  if (!intent.success) throw new Response("Unknown intent", { status: 400 });
  const failed = (errors: FormFailure["errors"]): Failed => ({ ...fail(form, errors), intent: intent.data });
  switch (intent.data) {
    case "line": {
      authorize(context, request, "manageBudget", resource);
      const parsed = parseForm(lineSchema, form, lineFields);
      if (!parsed.ok) return { ...parsed, intent: intent.data };
      await addLine(production.id, parsed.data);
      return { ok: true as const, intent: intent.data };
    }
    case "visibility": {
      authorize(context, request, "manageBudget", resource);
      await setBudgetPublic(production.id, form.get("budgetPublic") === "public");
      return { ok: true as const, intent: intent.data };
    }
    case "expense": {
      authorize(context, request, "proposeExpense", resource);
      const parsed = parseForm(expenseSchema, form, expenseFields);
      if (!parsed.ok) return { ...parsed, intent: intent.data };
      const file = form.get("receipt");
      const receipt = file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
      const result = await proposeExpense(production.id, viewer.id, { lineId: parsed.data.line, amount: parsed.data.amount, description: parsed.data.description, receipt });
      if (!result.ok) return failed({ [result.field]: { key: result.problem } });
      return { ok: true as const, intent: intent.data };
    }
    case "decide": {
      authorize(context, request, "approveExpense", resource);
      const parsed = parseForm(decideSchema, form, decideFields);
      if (!parsed.ok) return { ...parsed, intent: intent.data };
      const result = await decideExpense(production.id, viewer.id, { expenseId: parsed.data.expense, verdict: parsed.data.verdict, decisionNumber: parsed.data.decision });
      if (!result.ok) {
        const vars = result.threshold ? { threshold: formatMoney(result.threshold, localeOf(request)) } : undefined;
        return failed({ decision: { key: result.problem, vars } });
      }
      return { ok: true as const, intent: intent.data, state: result.state, ledgerNumber: result.ledgerNumber };
    }
  }
}

export default function Budget({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, may, summary, lines } = loaderData;
  const base = `/p/${production.slug}/funding`;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const failedOf = (intent: string) => (failed?.intent === intent ? failed : undefined);
  const done = actionData?.ok ? actionData : undefined;
  const departments = [...new Set(lines.map((l) => l.department))];
  // A refused decision on an expense no longer waiting (decided meanwhile): said at the top.
  const decideFailed = failedOf("decide");
  const decideError = decideFailed?.errors.decision ?? decideFailed?.errors.expense;
  const orphan = decideFailed && !lines.some((l) => l.expenses.some((e) => e.id === decideFailed.values.expense && e.state === "proposed"));
  return (
    <article className="page">
      <title>{`${t("budget.title")} — ${production.title}`}</title>
      <p>
        <Link to={base}>← {t("funding.title")}</Link>
      </p>
      <h1>{t("budget.title")}</h1>
      <p className="lead">{t("budget.lead")}</p>
      <p className="muted">{production.budgetPublic ? t("budget.isPublic") : t("budget.isMembersOnly")}</p>
      {orphan ? <FormAlert state={decideFailed}>{decideError ? t(decideError.key, decideError.vars) : undefined}</FormAlert> : null}
      {done ? (
        <Notice>
          {done.intent === "decide" && "state" in done
            ? done.state === "approved"
              ? t("budget.approved", { n: done.ledgerNumber ?? 0 })
              : t("budget.rejected")
            : done.intent === "expense"
              ? t("budget.proposed")
              : t("budget.saved")}
        </Notice>
      ) : null}

      <section aria-labelledby="summary-h">
        <h2 id="summary-h">{t("budget.summary")}</h2>
        {lines.length ? (
          <>
            <BudgetChart departments={summary.departments} scale={loaderData.scale} />
            <BudgetTable departments={summary.departments} planned={summary.planned} actual={summary.actual} />
          </>
        ) : (
          <p className="muted">{t("budget.empty")}</p>
        )}
      </section>

      {departments.map((department) => (
        <section key={department} aria-labelledby={`dept-${department}`}>
          <h2 id={`dept-${department}`}>{department}</h2>
          {lines
            .filter((l) => l.department === department)
            .map((l) => (
              <section key={l.id} aria-label={`${department} · ${l.name}`} className="panel" data-testid={`line-${l.name}`}>
                <h3>{l.name}</h3>
                {l.expenses.length ? (
                  <ul className="plain-list stack">
                    {l.expenses.map((e) => (
                      <ExpenseItem key={e.id} expense={e} receiptsBase={`${base}/budget/receipts`} decide={may.approve && e.state === "proposed" ? { decisions: loaderData.decisions, failed: failedOf("decide")?.values.expense === e.id ? failedOf("decide") : undefined } : null} />
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{t("budget.noExpense")}</p>
                )}
              </section>
            ))}
        </section>
      ))}

      {may.propose && lines.length ? (
        <section aria-labelledby="propose-h" className="panel">
          <h2 id="propose-h">{t("budget.propose")}</h2>
          <ProposeExpenseForm lines={lines} failed={failedOf("expense")} />
        </section>
      ) : null}

      {may.manage ? (
        <>
          <section aria-labelledby="line-h" className="panel">
            <h2 id="line-h">{t("budget.addLine")}</h2>
            <AddLineForm failed={failedOf("line")} />
          </section>
          <section aria-labelledby="visibility-h" className="panel">
            <h2 id="visibility-h">{t("budget.visibility")}</h2>
            <VisibilityForm budgetPublic={production.budgetPublic} />
          </section>
        </>
      ) : null}
    </article>
  );
}
