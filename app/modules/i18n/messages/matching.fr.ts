/** French messages of the matching module (keys prefixed "matching." or shared prefixes like "category."). */
export const matchingFr = {} as const;
