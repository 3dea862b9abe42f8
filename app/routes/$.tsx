import { ErrorPage } from "~/components/error-page";
import { notFound } from "~/modules/auth/require-user.server";

/** Any unknown address: a friendly 404 inside the layout. */
export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}
