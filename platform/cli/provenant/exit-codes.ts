/**
 * The `provenant` command's exit statuses, so scripts can tell a refusal from a typo
 * from a missing record without reading the message.
 */
export const EXIT = {
  OK: 0,
  /** The API refused the request (bad input, a conflict, a guard), or a watched run or scan ended badly. */
  ERROR: 1,
  /** The command line itself, or the config file, is wrong; nothing was sent. */
  USAGE: 2,
  /** No token, an unknown or revoked one, or a role the operation is not for. */
  AUTH: 3,
  NOT_FOUND: 4,
  /** The API or serving process could not be reached, or did not answer as Provenant. */
  UNAVAILABLE: 5,
} as const;

const BY_API_CODE: Record<string, number> = {
  UNAUTHENTICATED: EXIT.AUTH,
  FORBIDDEN: EXIT.AUTH,
  NOT_FOUND: EXIT.NOT_FOUND,
  UNAVAILABLE: EXIT.UNAVAILABLE,
};

/**
 * A FORBIDDEN naming a field is a rule about the request, decided after the role was let
 * in (deciding one's own gate, the release guard): a refusal like any other, not a matter
 * of credentials.
 */
export function exitStatusOf(error: { code: string; field?: string }): number {
  if (error.code === 'FORBIDDEN' && error.field) return EXIT.ERROR;
  return BY_API_CODE[error.code] ?? EXIT.ERROR;
}

/** The table every --help and docs/cli.md show. */
export const EXIT_HELP = `Exit status: 0 done, 1 refused by the API or a watched run/scan that ended badly,
2 usage or config file error, 3 not authenticated or the role may not, 4 not found,
5 API or serving process unreachable.`;
