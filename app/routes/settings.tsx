import { Form, redirect } from "react-router";
import type { Route } from "./+types/settings";
import { sendEmailConfirmation } from "~/features/auth/confirm-email.server";
import { describeDevice } from "~/features/auth/device";
import { listSessions, revokeSession, setSessionCookie } from "~/features/auth/session.server";
import { changePassword, updateProfile } from "~/features/auth/user.server";
import { changePasswordSchema, profileSchema } from "~/features/auth/validation";
import { db } from "~/lib/db.server";
import { fail, parseForm } from "~/lib/forms";
import { authorize, requireViewer, tFor } from "~/lib/http.server";
import { Field, FormAlert, Notice } from "~/ui/form";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  authorize(context, request, "read", { type: "account", ownerId: viewer.id });
  const [user, sessions] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { displayName: true, bio: true, email: true, emailConfirmedAt: true } }),
    listSessions(viewer.id),
  ]);
  return {
    user,
    reset: new URL(request.url).searchParams.has("reset"),
    passwordChanged: new URL(request.url).searchParams.get("password") === "changed",
    sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent), current: s.id === viewer.sessionId })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  authorize(context, request, "update", { type: "account", ownerId: viewer.id });
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "profile") {
    const parsed = parseForm(profileSchema, formData, ["displayName", "bio"]);
    if (!parsed.ok) return { intent, ...parsed };
    await updateProfile(viewer.id, parsed.data);
    return { intent, ok: true as const };
  }
  if (intent === "password") {
    const parsed = parseForm(changePasswordSchema, formData, ["currentPassword", "newPassword"]);
    if (!parsed.ok) return { intent, ...parsed };
    const changed = await changePassword(viewer.id, parsed.data.currentPassword, parsed.data.newPassword, request.headers.get("User-Agent"));
    if (!changed.ok) return { intent, ...fail(formData, { currentPassword: { key: "settings.wrongPassword" } }) };
    // Every session ended with the old password; this browser carries on with a new one.
    throw redirect("/settings?password=changed", { headers: { "Set-Cookie": setSessionCookie(changed.token, changed.expiresAt) } });
  }
  if (intent === "confirmEmail") {
    return { intent, ...(await sendEmailConfirmation(viewer.id, tFor(request))) };
  }
  if (intent === "revoke") {
    await revokeSession(viewer.id, String(formData.get("sessionId") ?? ""));
    return { intent, ok: true as const };
  }
  throw new Response("Unknown intent", { status: 400 });
}

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const state = (intent: string) => (actionData?.intent === intent && "errors" in actionData ? actionData : undefined);
  const done = (intent: string) => actionData?.intent === intent && actionData.ok;
  return (
    <div className="page narrow">
      <title>{`${t("settings.title")} — Claquette`}</title>
      <h1>{t("settings.title")}</h1>
      {loaderData.reset ? <Notice>{t("reset.done")}</Notice> : null}

      <section aria-labelledby="profile-h" className="panel">
        <h2 id="profile-h">{t("settings.profile")}</h2>
        {done("profile") ? <Notice>{t("settings.saved")}</Notice> : <FormAlert state={state("profile")} />}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <Field name="displayName" label="settings.displayName" state={state("profile")} defaultValue={loaderData.user.displayName} required maxLength={60} />
          <Field name="bio" label="settings.bio" state={state("profile")} defaultValue={loaderData.user.bio} multiline maxLength={1000} />
          <button type="submit">{t("settings.saveProfile")}</button>
        </Form>
      </section>

      <section aria-labelledby="email-h" className="panel" id="email">
        <h2 id="email-h">{t("settings.email")}</h2>
        <p>
          {loaderData.user.email} —{" "}
          <strong data-testid="email-status">
            {loaderData.user.emailConfirmedAt ? t("settings.emailConfirmed", { date: date(loaderData.user.emailConfirmedAt) }) : t("settings.emailUnconfirmed")}
          </strong>
        </p>
        {actionData?.intent === "confirmEmail" && "reason" in actionData ? (
          <FormAlert>{actionData.reason === "throttled" ? t("settings.confirmThrottled", { count: actionData.minutes }) : t("settings.emailAlreadyConfirmed")}</FormAlert>
        ) : null}
        {actionData?.intent === "confirmEmail" && "email" in actionData ? <Notice>{t("settings.confirmSent", { email: actionData.email })}</Notice> : null}
        {loaderData.user.emailConfirmedAt ? null : (
          <>
            <p className="help">{t("settings.emailWhy")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="confirmEmail" />
              <button type="submit">{t("settings.sendConfirmation")}</button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="password-h" className="panel">
        <h2 id="password-h">{t("settings.password")}</h2>
        {loaderData.passwordChanged && !actionData ? <Notice>{t("settings.passwordChanged")}</Notice> : <FormAlert state={state("password")} />}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field name="currentPassword" type="password" label="settings.currentPassword" state={state("password")} autoComplete="current-password" required />
          <Field name="newPassword" type="password" label="settings.newPassword" help="signup.passwordHelp" state={state("password")} autoComplete="new-password" required />
          <button type="submit">{t("settings.changePassword")}</button>
        </Form>
      </section>

      <section aria-labelledby="sessions-h" className="panel">
        <h2 id="sessions-h">{t("settings.sessions")}</h2>
        {done("revoke") ? <Notice>{t("settings.revoked")}</Notice> : null}
        <ul className="sessions">
          {loaderData.sessions.map((s) => {
            const device = [s.device.browser, s.device.system].filter(Boolean).join(" · ") || t("settings.unknownDevice");
            return (
              <li key={s.id} className="session" data-testid="session">
                <div>
                  <strong>{device}</strong>
                  {s.current ? <span className="badge">{t("settings.thisDevice")}</span> : null}
                  <p className="muted">
                    {t("settings.lastSeen")}: {date(s.lastSeenAt, true)} · {t("settings.started")}: {date(s.createdAt, true)}
                  </p>
                </div>
                {s.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit" className="button-small">
                      {t("settings.revoke")}
                      <span className="visually-hidden"> ({device})</span>
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
