import { Form, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { Role } from "@db/schema";
import type { MessageKey } from "~/modules/i18n";
import { useI18n } from "./i18n";

interface RootUser {
  name: string;
  role: Role;
}

export function SiteHeader() {
  const { t, locale } = useI18n();
  const root = useRouteLoaderData("root") as { user: RootUser | null; devMail: boolean; unread: number } | undefined;
  const user = root?.user ?? null;
  const location = useLocation();
  const here = location.pathname + location.search;
  const coordination = user?.role === "coordinator" || user?.role === "admin";
  const clusterAdmin = user?.role === "cluster_admin";
  const clusterRole = user?.role === "member" || clusterAdmin;
  // One list of destinations per role; coordinator tools (import, outbox, programmes) are linked from these pages.
  const links: { to: string; label: MessageKey; end?: boolean }[] = !user
    ? []
    : user.role === "funder"
      ? [
          { to: "/", label: "nav.home", end: true },
          { to: "/pipeline", label: "funding.nav.funderPipeline" },
        ]
      : [
          { to: "/", label: "nav.home", end: true },
          { to: "/postings", label: "postings.nav.browse", end: true },
          ...(coordination ? [{ to: "/coordination/matches", label: "brokering.nav.queue" as MessageKey }] : []),
          ...(clusterRole ? [{ to: "/introductions", label: "brokering.nav.introductions" as MessageKey }] : []),
          { to: "/funding", label: "funding.nav.applications" },
          ...(coordination ? [{ to: "/impact", label: "brokering.nav.impact" as MessageKey }, { to: "/pipeline", label: "funding.nav.pipeline" as MessageKey }] : []),
          // The clusters' administrators sit on the inter-cluster committee: they read its report.
          ...(clusterAdmin ? [{ to: "/impact/report", label: "impact.nav.report" as MessageKey }] : []),
          { to: "/clusters", label: "nav.clusters" },
          ...(coordination || clusterAdmin ? [{ to: "/invitations", label: "nav.invitations" as MessageKey }] : []),
          ...(coordination ? [{ to: "/settings", label: "postings.nav.settings" as MessageKey }] : []),
          ...(root?.devMail ? [{ to: "/dev/mail", label: "nav.devMail" as MessageKey }] : []),
        ];
  const nav = (
    <nav aria-label={t("nav.main")} className="main-nav">
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end}>
              {t(l.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
  const tools = (withBell: boolean) => (
    <div className="header-tools">
      <Form method="post" action="/locale" className="inline-form">
        <input type="hidden" name="locale" value={locale === "fr" ? "en" : "fr"} />
        <input type="hidden" name="redirectTo" value={here} />
        <button type="submit" className="link-button" lang={locale === "fr" ? "en" : "fr"} aria-label={t("nav.switchToLabel")}>
          {t("nav.switchTo")}
        </button>
      </Form>
      {user ? (
        <>
          {withBell ? <Bell unread={root?.unread ?? 0} /> : null}
          <NavLink to="/account" className="account-link">
            {user.name}
          </NavLink>
          <Form method="post" action="/logout" className="inline-form">
            <button type="submit" className="link-button">
              {t("nav.signOut")}
            </button>
          </Form>
        </>
      ) : (
        <NavLink to="/login">{t("nav.signIn")}</NavLink>
      )}
    </div>
  );
  // Wide screens show the navigation and tools in the bar; phones show the brand, the bell and a
  // menu button (a <details>: it opens without JavaScript and by keyboard). Only one of the two is
  // displayed at a time (the other is display:none, so neither screen readers nor axe see twins).
  return (
    <header className="site-header">
      <div className="container header-inner">
        <a className="brand" href="/">
          <span aria-hidden="true" className="brand-mark">
            ◇
          </span>{" "}
          {t("app.name")}
        </a>
        <div className="header-wide">
          {nav}
          {tools(true)}
        </div>
        <div className="header-compact">
          {user ? <Bell unread={root?.unread ?? 0} /> : null}
          <details className="menu" key={location.key}>
            <summary className="menu-button">
              <MenuIcon />
              {t("nav.menu")}
            </summary>
            <div className="menu-panel">
              {nav}
              {tools(false)}
            </div>
          </details>
        </div>
      </div>
    </header>
  );
}

/** The notifications link: a bell, and the unread count as text. */
function Bell({ unread }: { unread: number }) {
  const { t } = useI18n();
  return (
    <NavLink to="/notifications" className="notif-link">
      <BellIcon />
      <span className="visually-hidden">{t("nav.notifications")} (</span>
      {unread ? <span className="badge">{unread}</span> : null}
      <span className="visually-hidden">
        {" "}
        {unread ? t("nav.unreadSuffix", { count: unread }) : t("nav.unread", { count: 0 })})
      </span>
    </NavLink>
  );
}

function MenuIcon() {
  return (
    <svg className="icon" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 6h18v2H3V6Zm0 5h18v2H3v-2Zm0 5h18v2H3v-2Z" />
    </svg>
  );
}

/** The notification bell as an inline SVG: no emoji font needed, hidden from assistive technology. */
function BellIcon() {
  return (
    <svg className="icon" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
    </svg>
  );
}
