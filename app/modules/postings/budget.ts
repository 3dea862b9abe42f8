/**
 * The one way a budget is written, on the card, the page and in the CSV export: the amount and its
 * basis ("450 $ par poste par mois", "3 000 $ au total"). Pure: the caller passes its translator and
 * money formatter (the page's, or the export's locale).
 */
import type { MessageKey, Translate } from "~/modules/i18n";
import { BUDGET_BASES, type BudgetBasis } from "./constants";

/** The words of a basis after an amount; a draft's unchosen basis says so. */
export function basisLabel(t: Translate, basis: string | null | undefined): string {
  return t((basis && (BUDGET_BASES as readonly string[]).includes(basis) ? `postings.basis.${basis}` : "postings.basis.unknown") as MessageKey);
}

export function budgetText(t: Translate, money: (n: number) => string, amount: number, basis: BudgetBasis | string | null | undefined): string {
  return `${money(amount)} ${basisLabel(t, basis)}`;
}
