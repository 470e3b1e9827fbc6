/** Roles, lowest first; each may do what the ones before it may (docs/auth.md). */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: unknown): s is Role => ROLES.includes(s as Role);

/** Whether `role` may do what `needed` may. */
export const hasRole = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** The teams whose data a user may see: a list, or every team. */
export type Teams = string[] | "all";
