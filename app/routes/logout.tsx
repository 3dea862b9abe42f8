import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/modules/auth/auth.server";
import { getSession } from "~/modules/auth/require-user.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  const cookie = await signOut(session?.sessionId ?? null);
  return redirect("/login?notice=signedOut", { headers: { "Set-Cookie": cookie } });
}
