import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { notFound } from "~/modules/auth/require-user.server";
import { isProduction } from "~/modules/config.server";
import { listMailbox } from "~/modules/notifications/mail.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "devMail.title");

/** Development only: the emails that would have been sent. Absent (404) in production. */
export async function loader(_: LoaderFunctionArgs) {
  if (isProduction()) throw notFound();
  return json({ messages: await listMailbox() });
}

/** Turn URLs in plain text into links, without any HTML injection (React escapes the rest). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </>
  );
}

export default function DevMail() {
  const { t, dateTime } = useI18n();
  const { messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("devMail.title")}</h1>
      <p className="lead">{t("devMail.lead")}</p>
      {messages.length === 0 ? <p>{t("devMail.empty")}</p> : null}
      <ol className="mail-list">
        {messages.map((m) => (
          <li key={m.id} className="card mail">
            <dl className="mail-head">
              <div>
                <dt>{t("devMail.to")}</dt>
                <dd className="mail-to">{m.to}</dd>
              </div>
              <div>
                <dt>{t("devMail.subject")}</dt>
                <dd className="mail-subject">{m.subject}</dd>
              </div>
              <div>
                <dt>{t("devMail.date")}</dt>
                <dd>{dateTime(m.at)}</dd>
              </div>
            </dl>
            <pre className="mail-body">
              <Linkified text={m.text} />
            </pre>
          </li>
        ))}
      </ol>
    </>
  );
}
