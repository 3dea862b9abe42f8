import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MatchStatusBadge, ResponseBadge } from "~/components/brokering/match-pieces";
import { useI18n } from "~/components/i18n";
import { isCoordination } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { listIntroductionsForParty } from "~/modules/brokering/introductions.server";
import { joinNames } from "~/modules/brokering/templates";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.intro.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The coordination follows every introduction from its queue.
  if (isCoordination(user)) throw redirect("/coordination/matches?status=active");
  await requireUser(request, { permission: "brokering:introductions", hide: true });
  return json({ items: await listIntroductionsForParty(user) });
}

export default function Introductions() {
  const { t, date, locale } = useI18n();
  const { items } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("brokering.intro.title")}</h1>
      <p className="lead">{t("brokering.intro.lead")}</p>
      {items.length === 0 ? <p className="muted">{t("brokering.intro.empty")}</p> : null}
      <ul className="bk-intro-list">
        {items.map((i) => (
          <li key={i.id} className={`card bk-intro${i.awaitingMe ? " bk-intro-awaiting" : ""}`}>
            <p className="posting-badges">
              <MatchStatusBadge status={i.status} />
              {i.awaitingMe ? <span className="badge bk-awaiting">{t("brokering.intro.awaiting")}</span> : <ResponseBadge response={i.mine.response} />}
            </p>
            <h2 className="bk-item-title">
              <Link to={`/introductions/${i.id}`}>{t("brokering.intro.with", { parties: joinNames(locale, i.others.map((o) => o.clusterName)) })}</Link>
            </h2>
            <p>{t("brokering.intro.yours", { title: i.mine.title })}</p>
            <ul className="small muted bk-others">
              {i.others.map((o) => (
                <li key={o.clusterName + o.title}>
                  {o.clusterName} — {o.title}
                </li>
              ))}
            </ul>
            {i.introducedAt ? <p className="small muted">{t("brokering.intro.introducedOn", { date: date(i.introducedAt) })}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
