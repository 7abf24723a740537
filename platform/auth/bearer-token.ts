/** The token of an `Authorization: Bearer <token>` header; null when the header is missing or has another scheme. */
export function bearerToken(authorization: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? null;
}
