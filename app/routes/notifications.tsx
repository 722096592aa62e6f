import { Form } from "react-router";
import type { Route } from "./+types/notifications";
import { markAllRead, notificationsOf } from "~/features/tracker/notifications.server";
import { requireViewer } from "~/lib/http.server";
import { NotificationText } from "~/features/tracker/components/notification";
import { useFormatDate, useT } from "~/ui/i18n";

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  return { notifications: await notificationsOf(viewer.id) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  await markAllRead(viewer.id);
  return { ok: true };
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const date = useFormatDate();
  const { notifications } = loaderData;
  return (
    <article className="page narrow">
      <title>{`${t("notifications.title")} — Claquette`}</title>
      <h1>{t("notifications.title")}</h1>
      {notifications.some((n) => !n.readAt) ? (
        <Form method="post">
          <button type="submit" className="button-small">
            {t("notifications.markRead")}
          </button>
        </Form>
      ) : null}
      {notifications.length ? (
        <ul className="plain-list notifications" data-testid="notifications">
          {notifications.map((n) => {
            const data = (n.data ?? {}) as Record<string, string>;
            return (
              <li key={n.id} className={n.readAt ? "read" : "unread"}>
                {n.readAt ? null : <span className="badge">{t("notifications.new")}</span>}{" "}
                <NotificationText n={n} />
                <span className="muted">
                  {" "}
                  — {n.production?.title} · {date(n.createdAt)}
                </span>
                {data.excerpt ? <p className="help">{data.excerpt}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="empty-state">{t("notifications.none")}</p>
      )}
    </article>
  );
}
