/** Roles a caller can hold; authorisation rules name these. */
export const ROLES = ['viewer', 'engineer', 'approver', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Principal {
  name: string;
  role: Role;
}
