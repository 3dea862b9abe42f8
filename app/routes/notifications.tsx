import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { serialIdField } from "~/modules/validation/input";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { isMessageKey } from "~/modules/i18n";
import { listNotifications, markRead } from "~/modules/notifications/notifications.server";
import { parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const items = await listNotifications(user.id, 100);
  return json({ items });
}

const schema = z.object({ intent: z.enum(["read", "readAll"]), id: serialIdField().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseFormData(await readForm(request), schema);
  if (!parsed.ok) return json({ ok: false, errors: { _form: { key: "errorPage.400.body" as const } } }, { status: 400 });
  await markRead(user.id, parsed.data.intent === "read" ? parsed.data.id : undefined);
  return json({ ok: true });
}

export default function Notifications() {
  const { t, dateTime } = useI18n();
  const { items } = useLoaderData<typeof loader>();
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <>
      <div className="section-head">
        <h1>{t("notifications.title")}</h1>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <button type="submit" className="button secondary">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? <p className="muted">{t("notifications.empty")}</p> : null}
      <ul className="notification-list">
        {items.map((n) => {
          const key = `notification.${n.kind}`;
          const text = t(isMessageKey(key) ? key : "notification.generic", n.payload as Record<string, string | number>);
          return (
            <li key={n.id} className={n.readAt ? "card notification" : "card notification unread"}>
              {!n.readAt ? <span className="badge">{t("notifications.unread")}</span> : null}
              <p className="notification-text">{n.link ? <Link to={n.link}>{text}</Link> : text}</p>
              <p className="small muted">{dateTime(n.createdAt)}</p>
              {!n.readAt ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="link-button">
                    {t("notifications.markRead")}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
