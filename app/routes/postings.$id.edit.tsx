import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingForm, type PostingFormValues } from "~/components/posting-form";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { programmeSuggestions } from "~/modules/funding/programmes.server";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import { postingToFormValues, readPostingForm } from "~/modules/postings/form.server";
import { getPostingForViewer, getPostingRow, issuesToErrors, listContactOptions, updatePosting } from "~/modules/postings/postings.server";
import { findSimilarPostings, type SimilarPostings } from "~/modules/postings/similar.server";
import { invalidResult } from "~/modules/result";
import { readForm, readParam } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "postings.edit.title");

/** The posting, if this person may edit it: 404 when hidden from them, 403 for another cluster. */
async function editable(request: Request, id: string) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const view = await getPostingForViewer(user, id);
  if (!view) throw notFound();
  await requireUser(request, { permission: "postings:manage", clusterId: view.posting.clusterId });
  return { user, view };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, view } = await editable(request, readParam(params, "id"));
  if (!view.actions?.canEdit) throw redirect(`/postings/${view.posting.id}`);
  const row = (await getPostingRow(view.posting.id))!;
  return json({
    id: row.id,
    title: row.title,
    version: row.version,
    draft: row.status === "draft",
    values: postingToFormValues(row),
    contacts: await listContactOptions(row.clusterId),
    programmes: await programmeSuggestions(user.locale),
  });
}

/**
 * Save an edit. A draft is saved with only its title, or published (the form's rules); a published
 * posting keeps the form's rules, and an open one a period that has not ended.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, view } = await editable(request, readParam(params, "id"));
  const current = view.posting.status;
  const form = readPostingForm(await readForm(request), { current });
  if (form.intent === "check") return json({ ok: true as const, values: form.values, version: form.version ?? view.posting.version, similar: await findSimilarPostings(user, form.raw) });
  if (!form.result.ok || form.version === null) {
    const errors = form.result.ok ? {} : issuesToErrors(form.result.issues);
    if (form.version === null) errors._form = { key: "errorPage.400.body" };
    return failureResponse(invalidResult(errors), {}, { values: form.values, version: form.version ?? view.posting.version });
  }
  const publish = current === "draft" && form.intent === "publish";
  const result = await updatePosting(user, view.posting.id, form.version, form.result.data, { contactUserId: form.contactUserId, publish });
  if (result.ok) return redirectWithNotice(`/postings/${view.posting.id}`, publish ? "postings.notice.published" : "postings.notice.saved");
  // A conflict (someone saved in between) keeps everything this person typed, shows what changed, and
  // lets them save again on top of the new version (deliberately) or reload.
  return failureResponse(result, {}, { values: form.values, ...(result.reason === "conflict" ? {} : { version: form.version }) });
}

export default function EditPosting() {
  const { t, dateTime } = useI18n();
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as
    | { errors?: FieldErrors; values?: PostingFormValues; version?: number; similar?: SimilarPostings; conflict?: { updatedAt: string; title: string; description: string } }
    | undefined;
  return (
    <div className="form-page">
      <p>
        <Link to={`/postings/${loaded.id}`}>← {t("postings.backToPosting")}</Link>
      </p>
      <h1>{t("postings.edit.title")}</h1>
      {data?.conflict ? (
        <section className="alert alert-info conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{t("postings.conflict.title")}</h2>
          <p>{t("postings.conflict.explain", { date: dateTime(data.conflict.updatedAt) })}</p>
          <details>
            <summary>{t("postings.conflict.theirs")}</summary>
            <p>
              <strong>{data.conflict.title}</strong>
            </p>
            <p className="prose">{data.conflict.description}</p>
          </details>
          <p>
            <Link to={`/postings/${loaded.id}/edit`} reloadDocument>
              {t("postings.conflict.reload")}
            </Link>
          </p>
        </section>
      ) : null}
      <PostingForm
        mode="edit"
        draft={loaded.draft}
        values={data?.values ?? loaded.values}
        errors={data?.errors}
        contacts={loaded.contacts}
        version={data?.version ?? loaded.version}
        programmes={loaded.programmes}
        similar={data?.similar ?? null}
      />
    </div>
  );
}
