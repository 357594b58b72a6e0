/**
 * Who is asking: the session (or signed-in customer) a request belongs to, read from its cookie or
 * header by your own code, as a string; `null` or `undefined` when nobody is known. The handlers record
 * the owner of every order they create and compare it on every status request.
 */
export type OwnerRule = (request: Request) => string | null | undefined | Promise<string | null | undefined>;

/** The owner of `request` by `rule`: a non-empty string, else `null` (nobody, which never matches anyone, `null` included). */
export async function ownerOf(rule: OwnerRule | undefined, request: Request): Promise<string | null> {
  const owner = await rule?.(request);
  return typeof owner === 'string' && owner !== '' ? owner : null;
}
