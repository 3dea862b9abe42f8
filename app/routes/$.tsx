import { ErrorPage } from "~/components/error-page";
import type { MetaFunction } from "@remix-run/node";
import { notFound } from "~/modules/auth/require-user.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "errorPage.404.title");

/** Any unknown address: a friendly 404 inside the layout. */
export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}
