import { Link } from "react-router";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/ui/i18n";

export type NotificationItem = {
  kind: string;
  data: unknown;
  actor: { displayName: string } | null;
  production: { slug: string; title: string } | null;
  task: { number: number; title: string } | null;
};

/** One notification's sentence, a link to what it is about (the notifications page and a person's home). */
export function NotificationText({ n }: { n: NotificationItem }) {
  const t = useT();
  const data = (n.data ?? {}) as Record<string, string>;
  const text = t(`notifications.${n.kind}` as MessageKey, {
    actor: n.actor?.displayName ?? "—",
    task: n.task ? `T-${n.task.number} ${n.task.title}` : (data.offer ?? ""),
    decision: data.decision ? t(`tracker.review.${data.decision}` as MessageKey) : "",
    question: data.question ?? "",
    number: data.number ?? "",
    title: data.title ?? "",
    count: data.count ?? "",
    failed: data.failed ?? "",
  });
  if (n.production && n.task) return <Link to={`/p/${n.production.slug}/tracker/tasks/${n.task.number}`}>{text}</Link>;
  // The poll id comes from our own row; it is encoded anyway, never trusted as a path.
  if (n.production && data.pollId) return <Link to={`/p/${n.production.slug}/polls/${encodeURIComponent(data.pollId)}`}>{text}</Link>;
  if (n.production && data.release && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(data.release)) return <Link to={`/p/${n.production.slug}/releases/${data.release}`}>{text}</Link>;
  if (n.production && data.campaignId) return <Link to={`/p/${n.production.slug}/campaigns/${encodeURIComponent(data.campaignId)}`}>{text}</Link>;
  if (n.production && data.number && /^\d+$/.test(data.number)) return <Link to={`/p/${n.production.slug}/decisions/${data.number}`}>{text}</Link>;
  return <>{text}</>;
}
