import { data, Form, Link } from "react-router";
import type { Route } from "./+types/production.members";
import { changeRole, listMembers, membershipOf, removeMember } from "~/features/productions/membership.server";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { authorize, notFound, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can, roles, type Role } from "~/lib/policy";
import { confirmed } from "~/lib/forms";
import { ConfirmBox } from "~/ui/confirm";
import { FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const production = (await getProduction(params.slug)) ?? notFound();
  const role = await roleIn(production.id, viewer?.id);
  authorize(context, request, "read", { type: "production", role });
  const user = policyUser(viewer);
  const members = await listMembers(production.id);
  return {
    production: { slug: production.slug, title: production.title },
    members: members.map((m) => ({
      ...m,
      may: {
        changeRole: can(user, "changeRole", { type: "membership", role, member: { userId: m.user.id, role: m.role } }),
        remove: can(user, "remove", { type: "membership", role, member: { userId: m.user.id, role: m.role } }),
      },
    })),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(params.slug)) ?? notFound();
  const formData = await request.formData();
  const userId = String(formData.get("userId") ?? "");
  const member = (await membershipOf(production.id, userId)) ?? notFound();
  const resource = {
    type: "membership",
    role: await roleIn(production.id, viewer.id),
    member: { userId, role: member.role },
  } as const;
  const intent = formData.get("intent");
  if (intent === "changeRole") {
    authorize(context, request, "changeRole", resource);
    const newRole = formData.get("role");
    if (!roles.includes(newRole as Role)) throw new Response("Unknown role", { status: 400 });
    const changed = await changeRole(production.id, viewer.id, userId, newRole as Role);
    return changed.ok ? { done: "updated" as const } : { error: changed.error };
  }
  if (intent === "remove") {
    authorize(context, request, "remove", resource);
    if (!confirmed(formData)) return data({ unconfirmed: userId }, { status: 400 });
    const removed = await removeMember(production.id, viewer.id, userId);
    return removed.ok ? { done: "removed" as const, name: removed.name } : { error: removed.error };
  }
  throw new Response("Unknown intent", { status: 400 });
}

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { production, members } = loaderData;
  const manage = members.some((m) => m.may.changeRole || m.may.remove);
  const unconfirmed = actionData && "unconfirmed" in actionData ? actionData.unconfirmed : null;
  return (
    <div className="page">
      <title>{`${t("members.title", { title: production.title })} — Claquette`}</title>
      <h1>{t("members.title", { title: production.title })}</h1>
      {actionData && "error" in actionData && actionData.error === "lastProducer" ? (
        <FormAlert>{t("production.lastProducer")}</FormAlert>
      ) : null}
      {actionData && "done" in actionData ? (
        <Notice>{actionData.done === "updated" ? t("members.updated") : t("members.removed", { name: actionData.name ?? "" })}</Notice>
      ) : null}
      <div className="table-wrap">
        <table className="stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t("members.person")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.joined")}</th>
              {manage ? <th scope="col">{t("members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user.id} data-testid={`member-${m.user.handle}`}>
                <td data-label={t("members.person")}>
                  <Link to={`/u/${m.user.handle}`}>{m.user.displayName}</Link> <span className="muted">@{m.user.handle}</span>
                </td>
                <td data-label={t("members.role")}>{t(`role.${m.role}`)}</td>
                <td data-label={t("members.joined")}>{date(m.joinedAt)}</td>
                {manage ? (
                  <td data-label={t("members.actions")}>
                    <div className="row-actions">
                      {m.may.changeRole ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="changeRole" />
                          <input type="hidden" name="userId" value={m.user.id} />
                          <label htmlFor={`role-${m.user.id}`} className="visually-hidden">
                            {t("members.roleFor", { name: m.user.displayName })}
                          </label>
                          <select id={`role-${m.user.id}`} name="role" defaultValue={m.role} key={m.role}>
                            {roles.map((r) => (
                              <option key={r} value={r}>
                                {t(`role.${r}`)}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="button-small">
                            {t("members.changeRole")}
                          </button>
                        </Form>
                      ) : null}
                      {m.may.remove ? (
                        // Irreversible: the form opens first and asks (decision 0034); no JavaScript needed.
                        <details open={unconfirmed === m.user.id} data-testid={`remove-${m.user.handle}`}>
                          <summary aria-label={t("members.removeLabel", { name: m.user.displayName })}>{t("members.remove")}</summary>
                          <Form method="post" className="stack">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="userId" value={m.user.id} />
                            <ConfirmBox id={`remove-confirm-${m.user.id}`} label={t("members.removeConfirm", { name: m.user.displayName })} missing={unconfirmed === m.user.id} />
                            <button type="submit" className="button-small button-danger" aria-label={t("members.removeLabel", { name: m.user.displayName })}>
                              {t("members.remove")}
                            </button>
                          </Form>
                        </details>
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
