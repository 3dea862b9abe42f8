import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ChoiceGroup, ErrorSummary, FieldScope, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PostingDetails, PostingHistory } from "~/components/posting-details";
import { CategoryBadge, KindBadge, StatusBadge } from "~/components/posting-card";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import { CLOSE_REASONS, POSTING_STATUSES, RENEW_WINDOW_DAYS } from "~/modules/postings/constants";
import { changePostingStatus, deletePosting, getPostingForViewer, renewPosting, type WriteResult } from "~/modules/postings/postings.server";
import { invalidResult } from "~/modules/result";
import { parseFormData, readForm, readParam } from "~/modules/validation/form.server";
import { serialIdField } from "~/modules/validation/input";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.view.posting.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const view = await getPostingForViewer(user, readParam(params, "id"));
  if (!view) throw notFound();
  return json({ view });
}

const version = serialIdField();
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), version, to: z.enum(POSTING_STATUSES), reason: z.enum(CLOSE_REASONS, { errorMap: () => ({ message: "postings.close.reasonRequired" }) }).optional() }),
  z.object({ intent: z.literal("renew"), version }),
  z.object({ intent: z.literal("delete"), version }),
]);

const STATUS_NOTICES: Partial<Record<string, MessageKey>> = { closed: "postings.notice.closed" };

/** Status changes (closing with a reason, reopening), renewal and deletion of a draft, by the owning cluster. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "postings:view", hide: true });
  const parsed = parseFormData(await readForm(request), actionSchema);
  if (!parsed.ok) return failureResponse(invalidResult(parsed.errors), parsed.values);
  const id = readParam(params, "id");
  const { intent } = parsed.data;
  let result: WriteResult;
  const before = parsed.data.intent === "status" ? await getPostingForViewer(user, id) : null;
  if (parsed.data.intent === "status") result = await changePostingStatus(user, id, parsed.data.version, parsed.data.to, { reason: parsed.data.reason });
  else if (intent === "renew") result = await renewPosting(user, id, parsed.data.version);
  else result = await deletePosting(user, id, parsed.data.version);
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound();
    return failureResponse(result, parsed.values, { form: intent === "status" && parsed.data.to === "closed" ? "close" : intent });
  }
  if (intent === "delete") return redirectWithNotice("/postings?mine=1&status=all", "postings.notice.deleted");
  if (intent === "renew") return redirectWithNotice(`/postings/${id}`, "postings.notice.renewed");
  const to = result.value.status;
  const notice = before?.posting.status === "closed" && to === "open" ? "postings.notice.reopened" : before?.posting.status === "draft" ? "postings.notice.published" : (STATUS_NOTICES[to] ?? "postings.notice.status");
  return redirectWithNotice(`/postings/${id}`, notice);
}

const ACTION_LABELS: Record<string, MessageKey> = {
  open: "postings.action.open",
  paused: "postings.action.pause",
  matched: "postings.action.matched",
};

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; form?: string } | undefined;

export default function PostingPage() {
  const { t, date } = useI18n();
  const { view } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as ActionData;
  const { posting, cluster, contact, actions, history } = view;
  const closeFailed = failed?.form === "close" ? failed : undefined;
  const DAY = 86_400_000;
  return (
    <article className="posting-page">
      <p>
        <Link to="/postings">← {t("postings.backToList")}</Link>
      </p>
      <p className="posting-badges">
        <KindBadge kind={posting.kind} />
        <CategoryBadge category={posting.category} />
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
      {posting.status === "closed" && posting.closedAt ? (
        <p>
          {posting.closeReason
            ? t("postings.page.closedOn", { date: date(posting.closedAt), reason: t(`postings.close.reason.${posting.closeReason}` as MessageKey) })
            : t("postings.page.closedOnNoReason", { date: date(posting.closedAt) })}
          {actions?.reopenUntil ? ` ${t("postings.page.reopenUntil", { date: date(actions.reopenUntil) })}` : ""}
        </p>
      ) : null}

      {actions ? (
        <section aria-labelledby="manage-title" className="card manage">
          <h2 id="manage-title">{t("postings.page.manage")}</h2>
          {failed?.errors && !closeFailed ? (
            <FieldScope>
              <ErrorSummary errors={failed.errors} />
            </FieldScope>
          ) : null}
          {actions.draftProblem ? <p className="alert alert-info">{t(actions.draftProblem.key, actions.draftProblem.params)}</p> : null}
          <div className="actions">
            {actions.canEdit ? (
              <Link className={actions.draftProblem ? "button" : "button secondary"} to={`/postings/${posting.id}/edit`}>
                {t("postings.action.edit")}
              </Link>
            ) : null}
            {actions.transitions
              .filter((to) => to !== "closed" && !(to === "open" && actions.draftProblem))
              .map((to) => (
                <Form method="post" key={to} className="inline-form">
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="version" value={posting.version} />
                  <input type="hidden" name="to" value={to} />
                  <button type="submit" className={to === "open" ? "button" : "button secondary"}>
                    {t(
                      posting.status === "draft"
                        ? "postings.action.publish"
                        : posting.status === "closed"
                          ? "postings.action.reopen"
                          : posting.status === "paused" && to === "open"
                            ? "postings.action.resume"
                            : ACTION_LABELS[to],
                    )}
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
          {!actions.canRenew && posting.expiresAt && (posting.status === "open" || posting.status === "paused") ? (
            <p className="hint">{t("postings.page.renewFrom", { date: date(new Date(new Date(posting.expiresAt).getTime() - RENEW_WINDOW_DAYS * DAY).toISOString()) })}</p>
          ) : null}
          {actions.transitions.includes("closed") ? (
            // Closing is confirmed, with a reason: a disclosure opens the form (no script needed).
            <details className="close-posting" open={!!closeFailed}>
              <summary className="button secondary">{t("postings.action.close")}</summary>
              <Form method="post" className="stack" noValidate>
                <FieldScope>
                  <ErrorSummary errors={closeFailed?.errors} />
                  <p>{t("postings.close.lead")}</p>
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="version" value={posting.version} />
                  <input type="hidden" name="to" value="closed" />
                  <ChoiceGroup
                    name="reason"
                    legend={t("postings.close.reason")}
                    required
                    options={CLOSE_REASONS.map((r) => ({ value: r, label: t(`postings.close.reason.${r}` as MessageKey) }))}
                    selected={closeFailed?.values?.reason ? [closeFailed.values.reason] : []}
                    error={closeFailed?.errors?.reason}
                  />
                  <p>
                    <button type="submit" className="button danger">
                      {t("postings.close.confirm")}
                    </button>
                  </p>
                </FieldScope>
              </Form>
            </details>
          ) : null}
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
