import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { serialIdField } from "~/modules/validation/input";
import { OUTBOX_STATUSES } from "@db/schema";
import { DeliveryError } from "~/components/brokering/followup";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { plainDeliveryError } from "~/modules/brokering/delivery";
import type { MessageKey } from "~/modules/i18n";
import { listOutbox, retryAllFailed, retryMessage } from "~/modules/notifications/worker.server";
import { parseFormData, readForm, readQuery } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "network:coordinate" });
  const raw = readQuery(request).get("status");
  const status = OUTBOX_STATUSES.find((s) => s === raw);
  const { rows, counts } = await listOutbox(status);
  return json({ status: status ?? null, counts, rows: rows.map((r) => ({
      id: r.id,
      to: r.toAddress,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
      lastError: r.lastError,
      problem: r.lastError ? plainDeliveryError(r.lastError) : null,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
    })),
  });
}

const schema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("retry"), id: serialIdField() }), z.object({ intent: z.literal("retryAll") })]);

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, { permission: "network:coordinate" });
  const parsed = parseFormData(await readForm(request), schema);
  if (!parsed.ok) return json({ ok: false, message: "errorPage.400.body" as MessageKey, count: 0 }, { status: 400 });
  if (parsed.data.intent === "retryAll") return json({ ok: true, message: "outbox.retriedAll" as MessageKey, count: await retryAllFailed() });
  const ok = await retryMessage(parsed.data.id);
  return json({ ok, message: (ok ? "outbox.retried" : "outbox.notRetryable") as MessageKey, count: 0 }, { status: ok ? 200 : 409 });
}

export default function Outbox() {
  const { t, dateTime } = useI18n();
  const { rows, counts, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.lead")}</p>
      {result ? <Notice tone={result.ok ? "success" : "error"}>{t(result.message, { count: result.count })}</Notice> : null}
      <p className="muted">{t("outbox.summary", { failed: counts.failed ?? 0, pending: counts.pending ?? 0 })}</p>
      <nav aria-label={t("outbox.filter")} className="tabs">
        <Link to="?" aria-current={!params.get("status") ? "page" : undefined}>
          {t("outbox.status.all")}
        </Link>
        {OUTBOX_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={status === s ? "page" : undefined}>
            {t(`outbox.status.${s}`)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {(counts.failed ?? 0) > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="retryAll" />
          <button type="submit" className="button secondary">
            {t("outbox.retryAllFailed")}
          </button>
        </Form>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("outbox.colCreated")}</th>
                <th scope="col">{t("outbox.colTo")}</th>
                <th scope="col">{t("outbox.colSubject")}</th>
                <th scope="col">{t("outbox.colStatus")}</th>
                <th scope="col">{t("outbox.colAttempts")}</th>
                <th scope="col">{t("outbox.colError")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("outbox.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{dateTime(r.createdAt)}</td>
                  <td>{r.to}</td>
                  <td>{r.subject}</td>
                  <td>
                    <span className={`status status-${r.status}`}>{t(`outbox.status.${r.status}`)}</span>
                    {r.status === "pending" && r.attempts > 0 ? <span className="small muted"> — {t("outbox.colNext")}: {dateTime(r.nextAttemptAt)}</span> : null}
                  </td>
                  <td>{r.attempts}</td>
                  <td className="small">{r.lastError ? <DeliveryError problem={r.problem} error={r.lastError} /> : "—"}</td>
                  <td>
                    {r.status === "failed" || (r.status === "pending" && r.attempts > 0) ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="retry" />
                        <input type="hidden" name="id" value={r.id} />
                        <button type="submit" className="link-button">
                          {t("outbox.retry")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
