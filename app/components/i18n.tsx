import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import {
  DEFAULT_LOCALE,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  translator,
  type Locale,
  type Translate,
} from "~/modules/i18n";

export interface I18n {
  locale: Locale;
  t: Translate;
  date: (d: Date | string) => string;
  dateTime: (d: Date | string) => string;
  number: (n: number) => string;
  money: (n: number) => string;
}

/** Translations and Intl formatting in the locale the root loader negotiated. */
export function useI18n(): I18n {
  const root = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const locale = root?.locale ?? DEFAULT_LOCALE;
  return useMemo(
    () => ({
      locale,
      t: translator(locale),
      date: (d) => formatDate(locale, d),
      dateTime: (d) => formatDateTime(locale, d),
      number: (n) => formatNumber(locale, n),
      money: (n) => formatMoney(locale, n),
    }),
    [locale],
  );
}
