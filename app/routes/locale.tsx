import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setUserLocale } from "~/modules/auth/auth.server";
import { getUser, safeRedirect } from "~/modules/auth/require-user.server";
import { isProduction } from "~/modules/config.server";
import { isLocale } from "~/modules/i18n";
import { localeCookie } from "~/modules/i18n/negotiate";
import { readForm } from "~/modules/validation/form.server";

export async function loader() {
  return redirect("/");
}

/** The language switcher: a cookie for everyone, and the preference of a signed-in user. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  const back = safeRedirect(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back);
  const user = await getUser(request);
  if (user) await setUserLocale(user.id, locale);
  return redirect(back, { headers: { "Set-Cookie": localeCookie(locale, isProduction()) } });
}
