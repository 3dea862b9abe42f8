/** The outcome forms and summary of a match (coordinator's page and party's page). */
import { Form } from "@remix-run/react";
import { ErrorSummary, FieldScope, TextAreaField, TextField, type FieldErrors } from "../form";
import { useI18n } from "../i18n";

export interface OutcomeFormState {
  form?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** The two ways a match ends: concluded (with its indicators) or abandoned (with a reason). */
export function OutcomeForms({ canConclude, state }: { canConclude: boolean; state?: OutcomeFormState }) {
  const { t } = useI18n();
  const mine = (form: string) => (state?.form === form ? state : undefined);
  const c = mine("concluded");
  const a = mine("abandoned");
  return (
    <div className="grid-2 bk-outcome-forms">
      {canConclude ? (
        <Form method="post" className="stack card" noValidate aria-labelledby="outcome-concluded">
          <h3 id="outcome-concluded">{t("brokering.outcome.concluded")}</h3>
          <FieldScope>
          <ErrorSummary errors={c?.errors} />
          <input type="hidden" name="intent" value="outcome" />
          <input type="hidden" name="outcome" value="concluded" />
          <TextField
            name="savingsCad"
            label={t("brokering.outcome.savings")}
            hint={t("brokering.outcome.amountHint")}
            defaultValue={c?.values?.savingsCad}
            error={c?.errors?.savingsCad}
            required
          />
          <TextField name="ghgAvoidedKg" label={t("brokering.outcome.ghg")} defaultValue={c?.values?.ghgAvoidedKg} error={c?.errors?.ghgAvoidedKg} required />
          <TextField name="participants" label={t("brokering.outcome.participants")} defaultValue={c?.values?.participants} error={c?.errors?.participants} />
          <TextAreaField
            name="summary"
            label={t("brokering.outcome.summary")}
            hint={t("brokering.outcome.summaryHint")}
            defaultValue={c?.values?.summary}
            error={c?.errors?.summary}
            required
          />
          <button type="submit" className="button">
            {t("brokering.outcome.submitConcluded")}
          </button>
          </FieldScope>
        </Form>
      ) : (
        <p className="muted">{t("brokering.outcome.concludedHint")}</p>
      )}
      <Form method="post" className="stack card" noValidate aria-labelledby="outcome-abandoned">
        <h3 id="outcome-abandoned">{t("brokering.outcome.abandoned")}</h3>
        <FieldScope>
        <ErrorSummary errors={a?.errors} />
        <input type="hidden" name="intent" value="outcome" />
        <input type="hidden" name="outcome" value="abandoned" />
        <TextAreaField name="reason" label={t("brokering.outcome.reason")} defaultValue={a?.values?.reason} error={a?.errors?.reason} required />
        <button type="submit" className="button secondary">
          {t("brokering.outcome.submitAbandoned")}
        </button>
        </FieldScope>
      </Form>
    </div>
  );
}

/** A recorded outcome. */
export function OutcomeSummary({
  outcome,
  recordedByName,
}: {
  outcome: { outcome: string; savingsCad: number | null; ghgAvoidedKg: number | null; participants: number | null; summary: string | null; abandonReason: string | null; recordedAt: string | Date };
  recordedByName?: string | null;
}) {
  const { t, money, number, date } = useI18n();
  return (
    <div className={`card bk-outcome bk-outcome-${outcome.outcome}`}>
      <p className="big">{t(outcome.outcome === "concluded" ? "brokering.outcome.concluded" : "brokering.outcome.abandoned")}</p>
      {outcome.outcome === "concluded" ? (
        <ul className="bk-outcome-figures">
          <li>{t("brokering.outcome.savingsValue", { amount: money(outcome.savingsCad ?? 0) })}</li>
          <li>{t("brokering.outcome.ghgValue", { value: number(outcome.ghgAvoidedKg ?? 0) })}</li>
          {outcome.participants ? <li>{t("brokering.outcome.participantsValue", { count: outcome.participants })}</li> : null}
        </ul>
      ) : null}
      {outcome.summary ? <p className="prose">{outcome.summary}</p> : null}
      {outcome.abandonReason ? <p>{t("brokering.outcome.reasonValue", { reason: outcome.abandonReason })}</p> : null}
      <p className="small muted">{t("brokering.outcome.recorded", { name: recordedByName ?? "—", date: date(outcome.recordedAt) })}</p>
    </div>
  );
}

type RecordedOutcome = Parameters<typeof OutcomeSummary>[0]["outcome"] & { recordedByName?: string | null };

/**
 * The outcome section of a match (coordinator's page and party's page): the recorded outcome, or the
 * forms to record one when `canRecord`. Nothing when there is neither.
 */
export function OutcomeSection({ outcome, canRecord, matchStatus, state }: { outcome: RecordedOutcome | null; canRecord: boolean; matchStatus: string; state?: OutcomeFormState }) {
  const { t } = useI18n();
  if (!outcome && !canRecord) return null;
  return (
    <section aria-labelledby="outcome-title" className="section">
      <h2 id="outcome-title">{outcome ? t("brokering.match.outcome") : t("brokering.outcome.title")}</h2>
      {outcome ? (
        <OutcomeSummary outcome={outcome} recordedByName={outcome.recordedByName} />
      ) : (
        <OutcomeForms canConclude={matchStatus === "in_progress"} state={state?.form === "concluded" || state?.form === "abandoned" ? state : undefined} />
      )}
    </section>
  );
}
