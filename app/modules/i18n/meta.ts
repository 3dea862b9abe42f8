/**
 * Page titles in the reader's language: `<page> — Maillage`, the page's name from the dictionaries
 * and the locale from the root loader's data (every route's `meta` receives the root match).
 *
 *   export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");
 *   export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.title);
 */
import { isMessageKey, translator, type Locale, type MessageKey, type Params } from "./index";

interface RootMatch {
  id: string;
  data?: unknown;
}

export function localeOf(matches: readonly RootMatch[]): Locale {
  const data = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return data?.locale === "en" ? "en" : "fr";
}

/** A key is translated; any other text (a posting's title) is shown as it is; nothing → the page's error title. */
export function pageTitle(matches: readonly RootMatch[], page: MessageKey | string | null | undefined, params?: Params) {
  const t = translator(localeOf(matches));
  const name = page ? (isMessageKey(page) ? t(page, params) : page) : t("errorPage.404.title");
  return [{ title: `${name} — ${t("app.name")}` }];
}
