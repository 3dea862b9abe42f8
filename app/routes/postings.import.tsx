import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { ErrorSummary, FieldScope, FileField, Notice, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { isCoordination } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { getClusterById } from "~/modules/clusters/clusters.server";
import { redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import { BUDGET_BASES, IMPORT_MAX_ROWS } from "~/modules/postings/constants";
import { REQUIRED_COLUMNS, TEMPLATE_COLUMNS } from "~/modules/postings/import-columns";
import { cancelImport, confirmImport, previewImport, type ImportPreview, type ImportWarning } from "~/modules/postings/import.server";
import { readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "postings.import.title");

/** The coordination (any cluster) and a cluster's members and admins (their own cluster's rows). */
async function importer(request: Request) {
  await requireUser(request, { permission: "postings:view", hide: true });
  return requireUser(request, { permission: "postings:import" });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await importer(request);
  const cluster = !isCoordination(user) && user.clusterId ? await getClusterById(user.clusterId) : null;
  return json({ cluster: cluster ? { name: cluster.name, slug: cluster.slug } : null });
}

type ActionData = { preview: ImportPreview; error?: undefined } | { error: MessageKey; preview?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  const user = await importer(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  const importId = String(form.get("importId") ?? "");
  if (intent === "confirm") {
    const result = await confirmImport(user, importId);
    if (!result.ok) return json<ActionData>({ error: result.reason === "conflict" ? "postings.import.alreadyDone" : "postings.import.expiredBatch" }, { status: 409 });
    return redirectWithNotice("/postings/import", "postings.notice.imported", { count: result.value });
  }
  if (intent === "cancel") {
    await cancelImport(user, importId);
    return redirect("/postings/import");
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return json<ActionData>({ error: "postings.import.error.noFile" }, { status: 400 });
  const preview = await previewImport(user, { name: file.name ?? "", bytes: new Uint8Array(await file.arrayBuffer()) });
  return json<ActionData>({ preview }, { status: preview.importId ? 200 : 400 });
}

export default function ImportPostings() {
  const { t } = useI18n();
  const { cluster } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const preview = data?.preview;
  // A missing file is the file field's error; a batch already imported or expired is the form's.
  const errors = useMemo<FieldErrors | undefined>(() => (data?.error ? { [data.error === "postings.import.error.noFile" ? "file" : "_form"]: { key: data.error } } : undefined), [data]);
  const msg = (m: { key: string; params?: Record<string, string | number> }) => t(m.key as MessageKey, m.params);
  return (
    <>
      <p>
        <Link to="/postings">← {t("postings.backToList")}</Link>
      </p>
      <h1>{t("postings.import.title")}</h1>
      <p className="lead">{cluster ? t("postings.import.leadCluster", { cluster: cluster.name, slug: cluster.slug }) : t("postings.import.leadCoordination")}</p>
      <div className="grid-2">
        <section aria-labelledby="upload-title" className="card">
          <h2 id="upload-title">{t("postings.import.upload")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack" noValidate key={preview?.importId ?? "upload"}>
            <FieldScope>
              <ErrorSummary errors={errors} />
              <input type="hidden" name="intent" value="preview" />
              <FileField
                name="file"
                label={t("postings.import.file")}
                hint={t("postings.import.fileHint", { max: IMPORT_MAX_ROWS })}
                accept=".csv,.json,text/csv,application/json"
                required
                error={errors?.file}
              />
              <button type="submit" className="button" disabled={busy}>
                {t("postings.import.preview")}
              </button>
            </FieldScope>
          </Form>
        </section>
        <section aria-labelledby="format-title">
          <h2 id="format-title">{t("postings.import.formats")}</h2>
          <p>{t("postings.import.csvHelp")}</p>
          <p>
            <a href="/postings/import-template.csv" download>
              {t("postings.import.template")}
            </a>
          </p>
          <p className="small">
            {t("postings.import.required")} <code>{REQUIRED_COLUMNS.join(", ")}</code>
          </p>
          <details className="small">
            <summary>{t("postings.import.allColumns")}</summary>
            <p>
              <code>{TEMPLATE_COLUMNS.join(", ")}</code>
            </p>
            <p>
              {t("postings.import.basisHelp")} <code>{BUDGET_BASES.join(", ")}</code>
            </p>
          </details>
          <p>{t("postings.import.jsonHelp")}</p>
        </section>
      </div>

      {preview ? (
        <section aria-labelledby="preview-title" className="section">
          <h2 id="preview-title">{t("postings.import.previewTitle", { file: preview.fileName })}</h2>
          {preview.fileErrors.length ? (
            <div role="alert" className="alert alert-error">
              <ul>
                {preview.fileErrors.map((e) => (
                  <li key={e.key}>{msg(e)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.ignoredColumns.length ? <Notice tone="info">{t("postings.import.ignored", { columns: preview.ignoredColumns.join(", ") })}</Notice> : null}
          {preview.rowErrors.length ? (
            <>
              <div role="alert" className="alert alert-error">
                {t("postings.import.rowErrors", { count: preview.errorCount, rows: preview.errorRows })}
              </div>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t("postings.import.errorsCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("postings.import.colRow")}</th>
                      <th scope="col">{t("postings.import.colField")}</th>
                      <th scope="col">{t("postings.import.colMessage")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rowErrors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.row}</td>
                        <td>
                          <code>{e.field === "_row" ? "—" : e.field}</code>
                        </td>
                        <td>{msg(e)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.errorCount > preview.rowErrors.length ? <p className="muted">{t("postings.import.moreErrors", { count: preview.errorCount - preview.rowErrors.length })}</p> : null}
            </>
          ) : null}
          {preview.importId ? (
            <>
              <Notice>{t("postings.import.valid", { count: preview.rowCount })}</Notice>
              {preview.warnings.length ? <ImportWarnings warnings={preview.warnings} /> : null}
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t("postings.import.sampleCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("postings.import.colRow")}</th>
                      <th scope="col">{t("postings.import.colCluster")}</th>
                      <th scope="col">{t("postings.field.kind")}</th>
                      <th scope="col">{t("postings.field.category")}</th>
                      <th scope="col">{t("postings.field.title")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sample.map((r) => (
                      <tr key={r.row}>
                        <td>{r.row}</td>
                        <td>{r.cluster}</td>
                        <td>{t(`kind.${r.kind}` as MessageKey)}</td>
                        <td>{t(`category.${r.category}` as MessageKey)}</td>
                        <td>{r.title}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.rowCount > preview.sample.length ? <p className="muted">{t("postings.import.moreRows", { count: preview.rowCount - preview.sample.length })}</p> : null}
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="importId" value={preview.importId} />
                  <button type="submit" name="intent" value="confirm" className="button" disabled={busy}>
                    {t("postings.import.confirm", { count: preview.rowCount })}
                  </button>{" "}
                  <button type="submit" name="intent" value="cancel" className="button secondary" disabled={busy}>
                    {t("postings.import.cancel")}
                  </button>
                </Form>
              </div>
            </>
          ) : preview.fileErrors.length || preview.rowErrors.length ? (
            <p>{t("postings.import.nothingWritten")}</p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** Rows that look like existing postings or repeat one another, and a file imported before. */
function ImportWarnings({ warnings }: { warnings: ImportWarning[] }) {
  const { t, date } = useI18n();
  const text = (w: ImportWarning) => {
    if (w.kind === "file_imported") return t("postings.import.alreadyImported", { date: date(w.at), name: w.by ?? "—", count: w.count });
    if (w.kind === "repeated") return t("postings.import.duplicateInFile", { row: w.row, title: w.title, first: w.first });
    return t("postings.import.duplicateRow", { row: w.row, title: w.title, cluster: w.cluster, status: t(`postings.status.${w.status}` as MessageKey) });
  };
  return (
    <section className="alert alert-info" aria-labelledby="import-warnings-title">
      <h3 id="import-warnings-title">{t("postings.import.warnings")}</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.kind === "duplicate" ? <Link to={`/postings/${w.postingId}`}>{text(w)}</Link> : text(w)}
          </li>
        ))}
      </ul>
    </section>
  );
}
