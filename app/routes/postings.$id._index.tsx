import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingDetails, PostingHistory } from "~/components/posting-details";
import { KindBadge, StatusBadge } from "~/components/posting-card";
import { forbidden, notFound, requireUser } from "~/modules/auth/require-user.server";
import type { MessageKey } from "~/modules/i18n";
import { POSTING_STATUSES } from "~/modules/postings/constants";
import {
  changePostingStatus,
  deletePosting,
  getPostingForViewer,
  renewPosting,
  type WriteResult,
} from "~/modules/postings/postings.server";
import { parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.view.posting.title);

const NOTICES: Record<string, MessageKey> = {
  published: "postings.notice.published",
  draftSaved: "postings.notice.draftSaved",
  saved: "postings.notice.saved",
  status: "postings.notice.status",
  renewed: "postings.notice.renewed",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const view = await getPostingForViewer(user, params.id ?? "");
  if (!view) throw notFound();
  const notice = NOTICES[new URL(request.url).searchParams.get("notice") ?? ""] ?? null;
  return json({ view, notice });
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), version: z.coerce.number().int(), to: z.enum(POSTING_STATUSES) }),
  z.object({ intent: z.literal("renew"), version: z.coerce.number().int() }),
  z.object({ intent: z.literal("delete"), version: z.coerce.number().int() }),
]);

/** Status changes, renewal and deletion of a draft, by the owning cluster. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const parsed = parseFormData(await readForm(request), actionSchema);
  if (!parsed.ok) return json({ error: "errorPage.400.body" as MessageKey }, { status: 400 });
  const id = params.id ?? "";
  const { intent, version } = parsed.data;
  let result: WriteResult;
  if (intent === "status") result = await changePostingStatus(user, id, version, parsed.data.to);
  else if (intent === "renew") result = await renewPosting(user, id, version);
  else result = await deletePosting(user, id, version);
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound();
    if (result.reason === "forbidden") throw forbidden();
    if (result.reason === "conflict") return json({ error: "postings.conflict.status" as MessageKey }, { status: 409 });
    return json({ error: "postings.error.transition" as MessageKey }, { status: 409 });
  }
  if (intent === "delete") return redirect("/postings?mine=1&status=all&notice=deleted");
  return redirect(`/postings/${id}?notice=${intent === "renew" ? "renewed" : "status"}`);
}

const ACTION_LABELS: Record<string, MessageKey> = {
  open: "postings.action.open",
  paused: "postings.action.pause",
  matched: "postings.action.matched",
  closed: "postings.action.close",
};

export default function PostingPage() {
  const { t, date } = useI18n();
  const { view, notice } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { posting, cluster, contact, actions, history } = view;
  return (
    <article className="posting-page">
      <p>
        <Link to="/postings">← {t("postings.backToList")}</Link>
      </p>
      {notice ? <Notice>{t(notice)}</Notice> : null}
      {failed?.error ? (
        <div role="alert" className="alert alert-error">
          {t(failed.error)}
        </div>
      ) : null}
      <p className="posting-badges">
        <KindBadge kind={posting.kind} />
        <span className="badge">{t(`category.${posting.category}` as MessageKey)}</span>
        <StatusBadge status={posting.status} />
        {posting.visibility === "coordinator" ? <span className="badge confidential">{t("postings.visibility.coordinator")}</span> : null}
      </p>
      <h1 lang={posting.language}>{posting.title}</h1>
      <p className="muted">
        {t("postings.page.by")} <Link to={`/clusters/${cluster.slug}`}>{cluster.name}</Link>
        {posting.publishedAt ? ` · ${t("postings.page.published", { date: date(posting.publishedAt) })}` : ""}
        {posting.expiresAt && posting.status !== "closed" && posting.status !== "matched"
          ? ` · ${t(posting.status === "expired" ? "postings.page.expired" : "postings.page.expires", { date: date(posting.expiresAt) })}`
          : ""}
      </p>

      {actions ? (
        <section aria-labelledby="manage-title" className="card manage">
          <h2 id="manage-title">{t("postings.page.manage")}</h2>
          <div className="actions">
            {actions.canEdit ? (
              <Link className="button secondary" to={`/postings/${posting.id}/edit`}>
                {t("postings.action.edit")}
              </Link>
            ) : null}
            {actions.transitions.map((to) => (
              <Form method="post" key={to} className="inline-form">
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="version" value={posting.version} />
                <input type="hidden" name="to" value={to} />
                <button type="submit" className={to === "open" ? "button" : "button secondary"}>
                  {t(posting.status === "draft" ? "postings.action.publish" : posting.status === "paused" && to === "open" ? "postings.action.resume" : ACTION_LABELS[to])}
                </button>
              </Form>
            ))}
            {actions.canRenew ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="renew" />
                <input type="hidden" name="version" value={posting.version} />
                <button type="submit" className={posting.status === "expired" ? "button" : "button secondary"}>
                  {t("postings.action.renew")}
                </button>
              </Form>
            ) : null}
            {actions.canDelete ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="version" value={posting.version} />
                <button type="submit" className="button danger">
                  {t("postings.action.delete")}
                </button>
              </Form>
            ) : null}
          </div>
          {actions.canRenew ? <p className="hint">{t("postings.page.renewHint")}</p> : null}
        </section>
      ) : null}

      <PostingDetails posting={posting} />

      <section aria-labelledby="contact-title" className="section">
        <h2 id="contact-title">{t("postings.page.contact")}</h2>
        {contact ? (
          <p>
            {contact.name}
            {contact.email ? (
              <>
                {" — "}
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </>
            ) : null}
            <br />
            <span className="muted">{cluster.name}</span>
          </p>
        ) : (
          <p className="muted">{t("postings.page.noContact")}</p>
        )}
      </section>

      {history ? <PostingHistory entries={history} /> : null}
    </article>
  );
}
