import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingForm, type PostingFormValues } from "~/components/posting-form";
import { requireUser } from "~/modules/auth/require-user.server";
import { programmeSuggestions } from "~/modules/funding/programmes.server";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import { CATEGORIES, POSTING_KINDS } from "~/modules/postings/constants";
import { readPostingForm } from "~/modules/postings/form.server";
import { createPosting, issuesToErrors, listContactOptions } from "~/modules/postings/postings.server";
import { findSimilarPostings, type SimilarPostings } from "~/modules/postings/similar.server";
import { invalidResult } from "~/modules/result";
import { readForm, readQuery } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "postings.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  await requireUser(request, { permission: "postings:manage" });
  const params = readQuery(request);
  const kind = params.get("kind");
  const category = params.get("category");
  const values: PostingFormValues = {
    kind: POSTING_KINDS.includes(kind as never) ? kind! : "",
    category: CATEGORIES.includes(category as never) ? category! : "",
    language: user.locale,
    visibility: "network",
    contactUserId: user.id,
  };
  return json({ values, contacts: await listContactOptions(user.clusterId!), programmes: await programmeSuggestions(user.locale) });
}

/** Publish (the form's rules), save a draft (only a title), or only check whether it already exists. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, { permission: "postings:view", hide: true });
  const user = await requireUser(request, { permission: "postings:manage" });
  const form = readPostingForm(await readForm(request));
  if (form.intent === "check") return json({ ok: true as const, values: form.values, similar: await findSimilarPostings(user, form.raw) });
  if (!form.result.ok) return failureResponse(invalidResult(issuesToErrors(form.result.issues)), {}, { values: form.values });
  const result = await createPosting(user, form.result.data, { publish: form.intent !== "draft", contactUserId: form.contactUserId });
  if (!result.ok) return failureResponse(result, {}, { values: form.values });
  const posting = result.value;
  return redirectWithNotice(`/postings/${posting.id}`, posting.status === "draft" ? "postings.notice.draftSaved" : "postings.notice.published");
}

export default function NewPosting() {
  const { t } = useI18n();
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { errors?: FieldErrors; values?: PostingFormValues; similar?: SimilarPostings } | undefined;
  return (
    <div className="form-page">
      <p>
        <Link to="/postings">← {t("postings.backToList")}</Link>
      </p>
      <h1>{t("postings.new.title")}</h1>
      <p className="lead">{t("postings.new.lead")}</p>
      <PostingForm mode="create" values={data?.values ?? loaded.values} errors={data?.errors} contacts={loaded.contacts} programmes={loaded.programmes} similar={data?.similar ?? null} />
    </div>
  );
}
