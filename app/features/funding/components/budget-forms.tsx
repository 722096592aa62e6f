// The budget page's pieces: an expense with its receipt and, for producers, the form that
// approves or rejects it (with the decision that backs it); the forms that propose an
// expense, add a line and choose who may read the budget.
import { Form } from "react-router";
import { MAX_RECEIPT_BYTES } from "../budget-form";
import { CURRENCIES } from "../campaign-form";
import { Amount } from "./ledger";
import { MiB } from "~/lib/body-limit";
import type { FormFailure } from "~/lib/forms";
import { ErrorText, Field, FormAlert, Select } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

/** A form's refusal, with which of the page's forms it answers. */
export type Failed = FormFailure & { intent: string };

export type BudgetExpense = {
  id: string;
  amount: number;
  currency: string;
  description: string;
  state: "proposed" | "approved" | "rejected";
  proposedAt: Date;
  proposedBy: { displayName: string } | null;
  decidedBy: { displayName: string } | null;
  decision: { number: number; title: string } | null;
  ledgerNumber: number | null;
  receiptName: string;
};

type Decisions = { number: number; title: string }[];

/** One expense; `decide` when the viewer may approve it and it is still waiting. */
export function ExpenseItem({ expense: e, receiptsBase, decide }: { expense: BudgetExpense; receiptsBase: string; decide: { decisions: Decisions; failed?: Failed } | null }) {
  const t = useT();
  const date = useFormatDate();
  return (
    <li data-testid="expense">
      <p>
        <strong>
          <Amount money={{ amount: e.amount, currency: e.currency }} />
        </strong>{" "}
        {e.description} — <span>{t(`budget.state.${e.state}`)}</span>
        {e.ledgerNumber ? <> ({t("ledger.entry", { n: e.ledgerNumber })})</> : null}
      </p>
      <p className="muted">
        {t("budget.proposedBy", { name: e.proposedBy?.displayName ?? "—", date: date(e.proposedAt) })}
        {e.decidedBy ? <> · {t("budget.decidedBy", { name: e.decidedBy.displayName })}</> : null}
        {e.decision ? <> · {t("budget.withDecision", { n: e.decision.number, title: e.decision.title })}</> : null}
        {" · "}
        <a href={`${receiptsBase}/${e.id}`}>{t("budget.receipt", { name: e.receiptName })}</a>
      </p>
      {decide ? <DecideForm expenseId={e.id} decisions={decide.decisions} failed={decide.failed} /> : null}
    </li>
  );
}

export function ProposeExpenseForm({ lines, failed }: { lines: { id: string; department: string; name: string; currency: string }[]; failed?: Failed }) {
  const t = useT();
  return (
    <Form method="post" encType="multipart/form-data" noValidate className="stack">
      <input type="hidden" name="intent" value="expense" />
      <FormAlert state={failed} />
      <Select name="line" label="budget.line" state={failed} options={lines.map((l) => ({ value: l.id, label: `${l.department} · ${l.name} (${l.currency})` }))} />
      <Field name="amount" label="budget.amount" help="budget.amountHelp" state={failed} required maxLength={20} />
      <Field name="description" label="budget.description" state={failed} required maxLength={300} />
      <ReceiptField error={failed?.errors.receipt} />
      <button type="submit">{t("budget.proposeSubmit")}</button>
    </Form>
  );
}

export function AddLineForm({ failed }: { failed?: Failed }) {
  const t = useT();
  return (
    <Form method="post" noValidate className="stack">
      <input type="hidden" name="intent" value="line" />
      <FormAlert state={failed} />
      <Field name="department" label="budget.department" state={failed} required maxLength={60} />
      <Field name="name" label="budget.lineName" state={failed} required maxLength={120} />
      <Field name="planned" label="budget.planned" state={failed} required maxLength={20} />
      <Select name="currency" label="budget.currency" state={failed} defaultValue="EUR" options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
      <button type="submit">{t("budget.addLineSubmit")}</button>
    </Form>
  );
}

export function VisibilityForm({ budgetPublic }: { budgetPublic: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="visibility" />
      <fieldset>
        <legend>{t("budget.visibility")}</legend>
        <label>
          <input type="radio" name="budgetPublic" value="public" defaultChecked={budgetPublic} /> {t("budget.visibilityPublic")}
        </label>
        <label>
          <input type="radio" name="budgetPublic" value="members" defaultChecked={!budgetPublic} /> {t("budget.visibilityMembers")}
        </label>
      </fieldset>
      <button type="submit">{t("budget.visibilitySubmit")}</button>
    </Form>
  );
}

function ReceiptField({ error }: { error?: FormFailure["errors"][string] }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor="receipt">{t("budget.receiptFile")}</label>
      <input
        id="receipt"
        name="receipt"
        type="file"
        required
        accept="application/pdf,image/png,image/jpeg,image/webp"
        aria-invalid={error ? true : undefined}
        aria-describedby={["receipt-help", error ? "receipt-error" : ""].filter(Boolean).join(" ")}
      />
      <p id="receipt-help" className="help">
        {t("budget.receiptHelp", { mb: MAX_RECEIPT_BYTES / MiB })}
      </p>
      <ErrorText id="receipt-error" error={error} />
    </div>
  );
}

/** A producer's approval or rejection of one expense; ids carry the expense's id (a form per expense). */
function DecideForm({ expenseId, decisions, failed }: { expenseId: string; decisions: Decisions; failed?: Failed }) {
  const t = useT();
  const id = `decision-${expenseId}`;
  const error = failed?.errors.decision;
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="expense" value={expenseId} />
      {failed ? <FormAlert state={failed} /> : null}
      <div className="field">
        <label htmlFor={id}>{t("budget.decision")}</label>
        <select id={id} name="decision" defaultValue={failed?.values.decision ?? ""} aria-invalid={error ? true : undefined} aria-describedby={[`${id}-help`, error ? `${id}-error` : ""].filter(Boolean).join(" ")}>
          <option value="">{t("budget.noDecision")}</option>
          {decisions.map((d) => (
            <option key={d.number} value={String(d.number)}>
              D-{d.number} {d.title}
            </option>
          ))}
        </select>
        <p id={`${id}-help`} className="help">
          {t("budget.decisionHelp")}
        </p>
        <ErrorText id={`${id}-error`} error={error} />
      </div>
      <div className="actions">
        <button type="submit" name="verdict" value="approve">
          {t("budget.approve")}
        </button>
        <button type="submit" name="verdict" value="reject" className="secondary">
          {t("budget.reject")}
        </button>
      </div>
    </Form>
  );
}
