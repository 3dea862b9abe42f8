import type { matchingFr } from "./matching.fr";

export const matchingEn: Record<keyof typeof matchingFr, string> = {};
