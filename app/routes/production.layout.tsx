import { useEffect, useRef } from "react";
import { Link, Outlet, useLocation } from "react-router";
import type { Route } from "./+types/production.layout";
import { withProductionMemo } from "~/features/productions/production-read.server";
import { productionHeader } from "~/features/productions/production.server";
import { currentSection, sectionPath, sections, type Section } from "~/features/productions/sections";
import { authorize, notFound, viewerOf } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// One read of the production per page request, shared with the page's own loader.
export const middleware: Route.MiddlewareFunction[] = [({ request, context }, next) => withProductionMemo(request, viewerOf(context)?.id ?? null, next)];

// Every page of a production sits under this header. It shows what anyone may read
// (asked as a visitor) and, to someone signed in, their unread notifications about it.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const header = (await productionHeader(params.slug!, viewer?.id ?? null)) ?? notFound();
  authorize(context, request, "read", { type: "production", role: null });
  return { ...header, signedIn: viewer !== null };
}

export default function ProductionLayout({ loaderData: p }: Route.ComponentProps) {
  const t = useT();
  const { pathname } = useLocation();
  const current = currentSection(p.slug, pathname);
  const nav = useRef<HTMLElement>(null);
  // On a phone the row of tabs scrolls: bring the current one into sight.
  useEffect(() => {
    const tab = nav.current?.querySelector<HTMLElement>("[aria-current]");
    if (tab && nav.current) nav.current.scrollLeft = Math.max(0, tab.offsetLeft - 16); // offsetLeft counts from the row (positioned)
  }, [pathname]);
  const count = (section: Section) =>
    section === "polls" && p.openPolls
      ? { n: p.openPolls, label: t("production.tabs.openPolls", { count: p.openPolls }) }
      : section === "tracker" && p.openCalls
        ? { n: p.openCalls, label: t("production.tabs.openCalls", { count: p.openCalls }) }
        : null;
  return (
    <>
      <div className="production-bar">
        <div className="production-bar-title">
          {p.posterSize ? (
            <img
              src={`/p/${p.slug}/poster?size=thumb`}
              width={p.posterSize.width}
              height={p.posterSize.height}
              alt=""
              className="production-bar-poster"
            />
          ) : null}
          <Link to={sectionPath(p.slug, "overview")} data-testid="production-bar-title">
            {p.title}
          </Link>
          {p.signedIn ? (
            <Link
              to={`/notifications?production=${encodeURIComponent(p.slug)}`}
              className="production-bar-unread"
              data-testid="production-unread"
              aria-label={p.unread ? t("production.unread", { count: p.unread }) : t("production.noUnread")}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
              </svg>
              {p.unread ? <span className="badge badge-info" aria-hidden="true">{p.unread}</span> : null}
            </Link>
          ) : null}
        </div>
        <nav ref={nav} aria-label={t("production.tabs.label", { title: p.title })} className="tabs">
          <ul>
            {sections.map((section) => {
              const here = current?.section === section;
              const c = count(section);
              return (
                <li key={section}>
                  <Link to={sectionPath(p.slug, section)} aria-current={here ? (current.exact ? "page" : "true") : undefined}>
                    {t(`production.tabs.${section}`)}
                    {c ? (
                      <span className="tab-count">
                        <span aria-hidden="true">{c.n}</span>
                        <span className="visually-hidden"> ({c.label})</span>
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
      <Outlet />
    </>
  );
}
