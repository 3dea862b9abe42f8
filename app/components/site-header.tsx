import { Form, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { Role } from "@db/schema";
import { useI18n } from "./i18n";

interface RootUser {
  name: string;
  role: Role;
}

export function SiteHeader() {
  const { t, locale } = useI18n();
  const root = useRouteLoaderData("root") as { user: RootUser | null; devMail: boolean } | undefined;
  const user = root?.user ?? null;
  const location = useLocation();
  const here = location.pathname + location.search;
  const coordination = user?.role === "coordinator" || user?.role === "admin";
  const clusterAdmin = user?.role === "cluster_admin";
  const seesClusters = user && user.role !== "funder";
  return (
    <header className="site-header">
      <div className="container header-inner">
        <a className="brand" href="/">
          <span aria-hidden="true" className="brand-mark">
            ◇
          </span>{" "}
          {t("app.name")}
        </a>
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            {user ? (
              <li>
                <NavLink to="/" end>
                  {t("nav.home")}
                </NavLink>
              </li>
            ) : null}
            {seesClusters ? (
              <li>
                <NavLink to="/clusters">{t("nav.clusters")}</NavLink>
              </li>
            ) : null}
            {coordination || clusterAdmin ? (
              <li>
                <NavLink to="/invitations">{t("nav.invitations")}</NavLink>
              </li>
            ) : null}
            {root?.devMail ? (
              <li>
                <NavLink to="/dev/mail">{t("nav.devMail")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
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
      </div>
    </header>
  );
}
