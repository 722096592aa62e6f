import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "react-router";
import { useContext } from "react";
import type { Route } from "./+types/root";
import { sessionMiddleware } from "~/features/auth/middleware.server";
import { refusedMiddleware, wasRefused } from "~/lib/refused.server";
import { localeOf, timeZoneOf, viewerOf } from "~/lib/http.server";
import { unreadCount } from "~/features/tracker/notifications.server";
import { locales, translator, type Locale } from "~/lib/i18n";
import { DEFAULT_BODY_LIMIT, isTooLarge, sizeLabel } from "~/lib/body-limit";
import { useLocale, useT } from "~/ui/i18n";
import { useRememberTimeZone } from "~/ui/time-zone";
import { NonceContext, servesIslands, type PageHandle } from "~/lib/visitor-page";
import islandsSrc from "virtual:visitor-islands";
import "./app.css";

export const middleware: Route.MiddlewareFunction[] = [sessionMiddleware, refusedMiddleware];

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  return {
    locale: localeOf(request),
    timeZone: timeZoneOf(request),
    // The path of a page a form was just refused on, shown there only.
    refusedOn: wasRefused(request) ? new URL(request.url).pathname.replace(/\.data$/, "") : null,
    viewer: viewer ? { handle: viewer.handle, displayName: viewer.displayName, isAdmin: viewer.isAdmin, unread: viewer.unread ?? (await unreadCount(viewer.id)) } : null,
  };
}

// One control, two buttons: a plain form post, so it works without JavaScript too.
function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const location = useLocation();
  return (
    <Form method="post" action="/language" reloadDocument className="lang-switch" aria-label={t("lang.label")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {locales.map((l) => (
        <button key={l} type="submit" name="locale" value={l} lang={l} className="link-button" aria-current={l === locale ? "true" : undefined}>
          {t(`lang.${l}`)}
        </button>
      ))}
    </Form>
  );
}

/** Why the form just sent changed nothing; a refusal never ends on an error page. */
function Refused({ on }: { on: string | null }) {
  const t = useT();
  const location = useLocation();
  if (!on || on !== location.pathname) return null;
  return (
    <p className="alert alert-error page" role="alert" data-testid="refused">
      {t("error.refused")}
    </p>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const viewer = data?.viewer ?? null;
  const t = translator(locale);
  useRememberTimeZone();
  const location = useLocation();
  // A page other sites frame (the release's embed) comes without the studio's header and footer.
  const matches = useMatches();
  const bare = matches.some((m) => (m.handle as PageHandle | undefined)?.bare);
  // Only as the server writes a page: in the running app every page is the app's.
  const islands = import.meta.env.SSR && servesIslands(matches, !!viewer);
  const nonce = useContext(NonceContext);
  if (bare)
    return (
      <html lang={locale}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <Meta />
          <Links />
        </head>
        <body className="bare">
          <main id="main">{children}</main>
          <Scripts />
        </body>
      </html>
    );
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("nav.skip")}
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
          {/* A disclosure folds the links on a phone (no JavaScript needed); on a wider
              screen the stylesheet shows them in a row. It closes on each new page. */}
          <details className="site-menu" key={location.pathname}>
            <summary>
              {t("nav.menu")}
              {viewer?.unread ? <span className="badge">{t("nav.unread", { count: viewer.unread })}</span> : null}
            </summary>
            <div className="site-menu-body">
              <nav aria-label={t("nav.main")} className="site-nav">
                <NavLink to="/explore">{t("nav.explore")}</NavLink>
                {viewer ? (
                  <>
                    <NavLink to="/productions/new">{t("nav.newProduction")}</NavLink>
                    <NavLink to={`/u/${viewer.handle}`} data-testid="profile-link">
                      <span className="visually-hidden">{t("nav.profile")}: </span>@{viewer.handle}
                    </NavLink>
                    <NavLink to="/notifications" data-testid="notifications-link">
                      {t("nav.notifications")}
                      {viewer.unread ? <span className="badge" data-testid="unread">{t("nav.unread", { count: viewer.unread })}</span> : null}
                    </NavLink>
                    <NavLink to="/settings">{t("nav.settings")}</NavLink>
                    <Form method="post" action="/logout" className="inline-form">
                      <button type="submit" className="link-button">
                        {t("nav.logout")}
                      </button>
                    </Form>
                  </>
                ) : (
                  <>
                    <NavLink to="/login">{t("nav.login")}</NavLink>
                    <NavLink to="/signup">{t("nav.signup")}</NavLink>
                  </>
                )}
              </nav>
              <LanguageSwitch locale={locale} />
            </div>
          </details>
        </header>
        <main id="main" tabIndex={-1}>
          <Refused on={data?.refusedOn ?? null} />
          {children}
        </main>
        <footer className="site-footer">
          <p>
            {t("footer.text")} <a href="/source.tar.gz">{t("footer.source")}</a>
          </p>
        </footer>
        {islands ? (
          <script type="module" src={islandsSrc} nonce={nonce} />
        ) : (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const t = useT();
  const locale = useLocale();
  let message = t("error.unknown");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) message = t("error.notFound");
    else if (error.status === 403) message = t("error.forbidden");
    else if (error.status === 413) message = t("error.tooLarge", { max: sizeLabel(isTooLarge(error.data) ? error.data.limit : DEFAULT_BODY_LIMIT, locale) });
  } else if (import.meta.env.DEV && error instanceof Error) {
    message = error.message;
  }
  return (
    <section className="page narrow">
      <title>{`${status} — Claquette`}</title>
      <h1>{status === 404 ? t("error.notFound") : t("error.title")}</h1>
      {status === 404 ? null : <p>{message}</p>}
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </section>
  );
}
