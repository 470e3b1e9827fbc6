"use server";
/**
 * The server actions of report links (docs/report-links.md): "Share" and "Revoke". Next.js
 * refuses an action whose Origin is not the site's; each action checks the session in
 * lib/share (editors; revoking another's link: admins). Answers carry a message, never a
 * stack or a query.
 */
import { DataSourceError } from "../errors/data-source-error";
import { createReport, revokeReport } from "./index";
import { reportPath } from "./types";

export type ShareAnswer =
  { ok: true; path: string; expiresMs: number } | { ok: false; message: string };

async function answer<T>(run: () => Promise<T>): Promise<T | { ok: false; message: string }> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DataSourceError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Freezes a page into a new link: `input` is checked in lib/share (kind, range, days…). */
export async function shareAction(input: unknown): Promise<ShareAnswer> {
  return answer(async () => {
    const made = await createReport(input);
    return made.ok
      ? { ok: true as const, path: reportPath(made.id), expiresMs: made.expiresMs }
      : { ok: false as const, message: made.message };
  });
}

export async function revokeAction(id: unknown): Promise<{ ok: boolean; message?: string }> {
  if (typeof id !== "string") return { ok: false, message: "no such report link" };
  return answer(async () => {
    const r = await revokeReport(id);
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  });
}
