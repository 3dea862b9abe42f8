/** What the HTTP server passes to every loader and action. */
export interface LoadContext {
  cspNonce: string;
  clientIp: string;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation
  interface AppLoadContext extends LoadContext {}
}

export function clientIp(context: Partial<LoadContext> | undefined): string {
  return context?.clientIp ?? "unknown";
}
