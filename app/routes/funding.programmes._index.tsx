import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ProgrammeFields } from "~/components/funding/programme-fields";
import { useCalendarDate } from "~/components/funding/pipeline-views";
import { ErrorSummary, FieldScope, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { forbidden, requireUser } from "~/modules/auth/require-user.server";
import { createFunder, createProgramme, listFundersWithProgrammes } from "~/modules/funding/programmes.server";
import { funderSchema, programmeSchema } from "~/modules/funding/validation";
import type { MessageKey } from "~/modules/i18n";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "funding.programmes.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "funding:manage", hide: true });
  return json({ funders: await listFundersWithProgrammes() });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "funding:manage", hide: true });
  const form = await readForm(request);
  const intent = z.enum(["createFunder", "createProgramme"]).safeParse(form.get("intent"));
  if (!intent.success) return invalid({ _form: { key: "errorPage.400.body" } });
  if (intent.data === "createFunder") {
    const p = parseFormData(form, funderSchema);
    if (!p.ok) return invalid(p.errors, p.values, { intent: intent.data });
    const r = await createFunder(user, p.data);
    if (!r.ok) {
      if (r.status === 403) throw forbidden();
      return invalid(r.errors, p.values, { intent: intent.data });
    }
    return redirect(`/funding/programmes?funder=${r.id}#funder-${r.id}`);
  }
  const checked = form.getAll("eligibleCategories[]").map(String);
  const p = parseFormData(form, programmeSchema);
  if (!p.ok) return invalid(p.errors, p.values, { intent: intent.data, checked });
  const r = await createProgramme(user, p.data);
  if (!r.ok) {
    if (r.status === 403) throw forbidden();
    return invalid(r.errors, p.values, { intent: intent.data, checked });
  }
  return redirect(`/funding/programmes/${r.id}?created=1`);
}

export default function Programmes() {
  const { funders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { intent?: string; errors?: FieldErrors; values?: Record<string, string>; checked?: string[] } | undefined;
  const { t, locale, money } = useI18n();
  const calendar = useCalendarDate();
  const busy = useNavigation().state === "submitting";
  const name = (n: { nameFr: string; nameEn: string }) => (locale === "fr" ? n.nameFr : n.nameEn);
  const ep = result?.intent === "createProgramme" ? (result.errors ?? {}) : {};
  const vp = result?.intent === "createProgramme" ? (result.values ?? {}) : {};
  const ef = result?.intent === "createFunder" ? (result.errors ?? {}) : {};
  const vf = result?.intent === "createFunder" ? (result.values ?? {}) : {};
  return (
    <>
      <p>
        <Link to="/funding">← {t("funding.applications.back")}</Link>
      </p>
      <h1>{t("funding.programmes.title")}</h1>
      <p className="lead">{t("funding.programmes.lead")}</p>
      {funders.map((f) => (
        <section key={f.id} id={`funder-${f.id}`} aria-labelledby={`funder-${f.id}-title`} className="section">
          <div className="section-head">
            <h2 id={`funder-${f.id}-title`}>{name(f)}</h2>
            <span>
              <Link to={`/funding/funders/${f.id}`}>{t("funding.funders.edit")}</Link> · <Link to={`/pipeline?funderId=${f.id}`}>{t("funding.nav.pipeline")}</Link>
            </span>
          </div>
          {f.programmes.length === 0 ? (
            <p className="muted">{t("funding.programmes.none")}</p>
          ) : (
            <ul className="card-grid">
              {f.programmes.map((p) => (
                <li key={p.id}>
                  <article className={`card fd-programme${p.active ? "" : " inactive"}`}>
                    <h3>
                      <Link to={`/funding/programmes/${p.id}`}>{name(p)}</Link>
                    </h3>
                    {!p.active ? <p className="fd-tag">{t("funding.programme.inactive")}</p> : null}
                    <dl className="fd-mini-facts">
                      <div>
                        <dt>{t("funding.field.envelope")}</dt>
                        <dd>{money(p.envelope)}</dd>
                      </div>
                      <div>
                        <dt>{t("funding.field.maxPerProject")}</dt>
                        <dd>{p.maxPerProject !== null ? money(p.maxPerProject) : t("funding.programme.noMax")}</dd>
                      </div>
                      <div>
                        <dt>{t("funding.field.minPartners")}</dt>
                        <dd>{p.minPartners}</dd>
                      </div>
                    </dl>
                    <p className="small">
                      {p.calls.length
                        ? p.calls.map((c) => `${locale === "fr" ? c.labelFr : c.labelEn} (${calendar(c.deadline)})`).join(" · ")
                        : t("funding.calls.none")}
                    </p>
                    <p className="small muted">{p.eligibleCategories.map((c) => t(`category.${c}` as MessageKey)).join(", ")}</p>
                  </article>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}

      <div className="grid-2">
        <section aria-labelledby="new-programme" className="card">
          <h2 id="new-programme">{t("funding.programmes.new")}</h2>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={ep} />
            <input type="hidden" name="intent" value="createProgramme" />
            <ProgrammeFields
              funders={funders}
              errors={ep}
              values={{ ...vp, eligibleCategories: result?.intent === "createProgramme" ? (result.checked ?? []) : undefined, active: result?.intent === "createProgramme" ? vp.active === "on" : undefined }}
            />
            <p>
              <button type="submit" className="button" disabled={busy}>
                {t("funding.programmes.create")}
              </button>
            </p>
            </FieldScope>
          </Form>
        </section>
        <section aria-labelledby="new-funder" className="card">
          <h2 id="new-funder">{t("funding.funders.new")}</h2>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={ef} />
            <input type="hidden" name="intent" value="createFunder" />
            <TextField name="nameFr" label={t("funding.field.nameFr")} required maxLength={200} defaultValue={vf.nameFr} error={ef.nameFr} />
            <TextField name="nameEn" label={t("funding.field.nameEn")} required maxLength={200} defaultValue={vf.nameEn} error={ef.nameEn} />
            <TextField name="website" type="url" inputMode="url" label={t("funding.field.website")} defaultValue={vf.website} error={ef.website} />
            <p>
              <button type="submit" className="button secondary" disabled={busy}>
                {t("funding.funders.create")}
              </button>
            </p>
            </FieldScope>
          </Form>
        </section>
      </div>
    </>
  );
}
