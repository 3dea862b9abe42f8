import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireUser } from "~/modules/auth/require-user.server";
import { readPostingForm } from "~/modules/postings/form.server";
import { findSimilarPostings } from "~/modules/postings/similar.server";
import { readForm } from "~/modules/validation/form.server";

/**
 * POST /postings/similar: the posting form as it stands (the same fields) → the open postings of other
 * clusters the matching engine would meet it with. Called by the form's debounced fetcher; writes
 * nothing. Only cluster people who may post ask it; they see network postings only.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, { permission: "postings:view", hide: true });
  const user = await requireUser(request, { permission: "postings:manage" });
  const form = readPostingForm(await readForm(request));
  return json(await findSimilarPostings(user, form.raw), { headers: { "Cache-Control": "private, no-store" } });
}
