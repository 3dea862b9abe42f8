import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { SiteHeader } from "~/components/site-header";
import { useNonce } from "~/components/nonce";
import { getUser } from "~/modules/auth/require-user.server";
import { isProduction } from "~/modules/config.server";
import { readNotice } from "~/modules/http/respond.server";
import { isMessageKey } from "~/modules/i18n";
import { pageTitle } from "~/modules/i18n/meta";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { unreadCount } from "~/modules/notifications/notifications.server";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title of an error page (the route's own meta does not run when the boundary shows), else the app's name. */
export const meta: MetaFunction = ({ error, matches }) => {
  if (!error) return [{ title: "Maillage" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = [400, 401, 403, 404, 405, 409, 413, 429];
  return pageTitle(matches, `errorPage.${known.includes(status) ? status : 500}.title`);
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = negotiateLocale(request, user?.locale);
  return json({
    locale,
    user: user ? { id: user.id, name: user.name, role: user.role, clusterId: user.clusterId, funderId: user.funderId } : null,
    unread: user ? await unreadCount(user.id) : 0,
    devMail: !isProduction(),
    notice: readNotice(new URL(request.url)),
  });
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const { locale, t } = useI18n();
  const notice = useRootData()?.notice;
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t("app.tagline")} />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <SiteHeader />
        <main id="main" className="container" tabIndex={-1}>
          {notice ? <Notice>{t(notice.key, notice.params)}</Notice> : null}
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">{t("app.footer")}</div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 400 from the input boundary (readForm/readQuery) says what was wrong: show that message.
  const key: unknown = isRouteErrorResponse(error) ? error.data?.errors?._form?.key : undefined;
  const message = typeof key === "string" && isMessageKey(key) ? key : undefined;
  return <ErrorPage status={status} message={message} signInHref={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`} />;
}
