import { Form } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/notifications";
import { markAllRead, notificationsOf } from "~/features/tracker/notifications.server";
import { requireViewer } from "~/lib/http.server";
import { NotificationText } from "~/features/tracker/components/notification";
import { useFormatDate, useT } from "~/ui/i18n";

const productionParam = z.string().regex(/^[a-z0-9-]{1,80}$/);

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  // The bell of a production's header opens the list about that production only.
  const production = productionParam.safeParse(new URL(request.url).searchParams.get("production"));
  return { notifications: await notificationsOf(viewer.id, production.success ? production.data : null) };
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
