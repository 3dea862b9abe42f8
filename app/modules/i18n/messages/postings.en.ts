import type { postingsFr } from "./postings.fr";

export const postingsEn: Record<keyof typeof postingsFr, string> = {};
