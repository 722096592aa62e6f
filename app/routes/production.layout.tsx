import { useEffect, useRef } from "react";
import { Link, Outlet, useLocation } from "react-router";
import type { Route } from "./+types/production.layout";
import { productionHeader } from "~/features/productions/production.server";
import { currentSection, sectionPath, sections, type Section } from "~/features/productions/sections";
import { authorize, notFound } from "~/lib/http.server";
import { useT } from "~/ui/i18n";

// Every page of a production sits under this header. It shows only what anyone may
// read (asked as a visitor), so it costs one query whoever asks.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const header = (await productionHeader(params.slug!)) ?? notFound();
  authorize(context, request, "read", { type: "production", role: null });
  return header;
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
