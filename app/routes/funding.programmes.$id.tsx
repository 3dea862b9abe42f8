import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ProgrammeFields } from "~/components/funding/programme-fields";
import { useCalendarDate } from "~/components/funding/pipeline-views";
import { ErrorSummary, FieldScope, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { listFunders } from "~/modules/clusters/clusters.server";
import { addCall, getProgramme, removeCall, updateProgramme } from "~/modules/funding/programmes.server";
import { callSchema, programmeSchema } from "~/modules/funding/validation";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import type { Result } from "~/modules/result";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { localeOf, pageTitle } from "~/modules/i18n/meta";
import { isUuid, serialIdField } from "~/modules/validation/input";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, localeOf(matches) === "en" ? data?.programme.nameEn : data?.programme.nameFr);

async function load(request: Request, id: string | undefined) {
  const user = await requireUser(request, { permission: "funding:manage", hide: true });
  const programme = isUuid(id) ? await getProgramme(id) : null;
  if (!programme) throw notFound();
  return { user, programme };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { programme } = await load(request, params.id);
  return json({ programme, funders: (await listFunders()).map((f) => ({ id: f.id, nameFr: f.nameFr, nameEn: f.nameEn })) });
}

type ActionData = { ok: boolean; intent: string; errors?: FieldErrors; values?: Record<string, string>; checked?: string[]; message?: MessageKey };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, programme } = await load(request, params.id);
  const form = await readForm(request);
  const intent = z.enum(["update", "addCall", "removeCall"]).safeParse(form.get("intent"));
  if (!intent.success) return invalid({ _form: { key: "errorPage.400.body" } });
  const done = (r: Result<{ id: string }>, values: Record<string, string>, message: MessageKey, extra: Partial<ActionData> = {}) =>
    r.ok ? redirectWithNotice(`/funding/programmes/${programme.id}`, message) : failureResponse(r, values, { intent: intent.data, ...extra });
  if (intent.data === "update") {
    const checked = form.getAll("eligibleCategories[]").map(String);
    const p = parseFormData(form, programmeSchema.and(z.object({ version: serialIdField() })));
    if (!p.ok) return invalid(p.errors, p.values, { intent: intent.data, checked });
    return done(await updateProgramme(user, programme.id, p.data, p.data.version), p.values, "funding.notice.saved", { checked });
  }
  if (intent.data === "addCall") {
    const p = parseFormData(form, callSchema);
    if (!p.ok) return invalid(p.errors, p.values, { intent: intent.data });
    return done(await addCall(user, programme.id, p.data), p.values, "funding.notice.callAdded");
  }
  const p = parseFormData(form, z.object({ callId: z.string().uuid("error.invalid") }));
  if (!p.ok) return invalid(p.errors, p.values, { intent: intent.data });
  return done(await removeCall(user, programme.id, p.data.callId), p.values, "funding.notice.callRemoved");
}

export default function ProgrammePage() {
  const { programme, funders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const { t, locale } = useI18n();
  const calendar = useCalendarDate();
  const busy = useNavigation().state === "submitting";
  const failed = (intent: string) => result && !result.ok && result.intent === intent;
  const eu = failed("update") ? (result!.errors ?? {}) : {};
  const vu = failed("update") ? (result!.values ?? {}) : {};
  const ec = failed("addCall") ? (result!.errors ?? {}) : {};
  const vc = failed("addCall") ? (result!.values ?? {}) : {};
  const values = failed("update")
    ? { ...vu, eligibleCategories: result!.checked ?? [], active: vu.active === "on" }
    : { ...programme, eligibleCategories: programme.eligibleCategories };
  return (
    <>
      <p>
        <Link to="/funding/programmes">← {t("funding.programmes.back")}</Link>
      </p>
      <h1>{locale === "fr" ? programme.nameFr : programme.nameEn}</h1>
      <p className="lead">{locale === "fr" ? programme.funder.nameFr : programme.funder.nameEn}</p>
      {result && !result.ok ? <ErrorSummary errors={result.errors} only={["_form"]} /> : null}
      <div className="grid-2">
        <section aria-labelledby="calls-title" className="card">
          <h2 id="calls-title">{t("funding.calls.title")}</h2>
          {programme.calls.length === 0 ? (
            <p className="muted">{t("funding.calls.none")}</p>
          ) : (
            <ul className="fd-calls">
              {programme.calls.map((c) => (
                <li key={c.id}>
                  <strong>{calendar(c.deadline)}</strong> — {locale === "fr" ? c.labelFr : c.labelEn}
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="removeCall" />
                    <input type="hidden" name="callId" value={c.id} />{" "}
                    <button type="submit" className="link-button danger" aria-label={t("funding.calls.removeNamed", { date: calendar(c.deadline) })}>
                      {t("funding.calls.remove")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <h3>{t("funding.calls.add")}</h3>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={failed("addCall") ? result!.errors : undefined} />
            <input type="hidden" name="intent" value="addCall" />
            <TextField name="labelFr" label={t("funding.field.labelFr")} required maxLength={200} defaultValue={vc.labelFr} error={ec.labelFr} />
            <TextField name="labelEn" label={t("funding.field.labelEn")} required maxLength={200} defaultValue={vc.labelEn} error={ec.labelEn} />
            <TextField name="deadline" type="date" label={t("funding.field.deadline")} required defaultValue={vc.deadline} error={ec.deadline} />
            <p>
              <button type="submit" className="button secondary" disabled={busy}>
                {t("funding.calls.addSubmit")}
              </button>
            </p>
            </FieldScope>
          </Form>
        </section>
        <section aria-labelledby="edit-title" className="card">
          <h2 id="edit-title">{t("funding.programmes.edit")}</h2>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={eu} />
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="version" value={programme.version} />
            <ProgrammeFields funders={funders} values={values} errors={eu} funderLocked />
            <p>
              <button type="submit" className="button" disabled={busy}>
                {t("funding.programmes.save")}
              </button>
            </p>
            </FieldScope>
          </Form>
        </section>
      </div>
    </>
  );
}
