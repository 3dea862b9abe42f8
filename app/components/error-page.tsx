import { Link } from "@remix-run/react";
import type { MessageKey } from "~/modules/i18n";
import { useI18n } from "./i18n";

const KNOWN = new Set([400, 401, 403, 404, 405, 409, 413, 429, 500]);

/** A friendly, translated error page. It never shows error messages or stack traces; `message` is a dictionary key the server chose. */
export function ErrorPage({ status, signInHref, message }: { status: number; signInHref?: string; message?: MessageKey }) {
  const { t } = useI18n();
  const code = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{t(`errorPage.${code}.title` as MessageKey)}</h1>
      <p>{t(message ?? (`errorPage.${code}.body` as MessageKey))}</p>
      <p className="actions">
        {code === 401 && signInHref ? (
          <Link className="button" to={signInHref}>
            {t("nav.signIn")}
          </Link>
        ) : null}
        <Link to="/">{t("errorPage.home")}</Link>
      </p>
    </section>
  );
}
