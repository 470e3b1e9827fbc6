"use client";

import { useRef, useState, useTransition } from "react";
import { shareAction, type ShareAnswer } from "@/lib/share/actions";
import type { ReportKind } from "@/lib/share/types";
import { CopyButton } from "./copy-button";

const inputClass =
  "w-full rounded border border-border bg-panel px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent";

/**
 * "Share": a dialog that freezes the page into a report link (lib/share/actions.ts) and
 * shows it with a copy button. docs/report-links.md.
 */
export function ShareDialog({
  kind,
  range,
  workload,
  defaultTitle,
  defaultDays,
  maxDays,
}: {
  kind: ReportKind;
  range: string;
  workload?: string;
  defaultTitle: string;
  defaultDays: number;
  maxDays: number;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [answer, setAnswer] = useState<ShareAnswer | null>(null);
  const [pending, start] = useTransition();
  const link = answer?.ok ? new URL(answer.path, window.location.origin).toString() : null;

  const submit = (form: FormData) => {
    const input = {
      kind,
      range,
      workload: workload ?? null,
      title: String(form.get("title") ?? ""),
      days: Number(form.get("days")),
      anyone: form.get("anyone") === "on",
    };
    start(async () => {
      try {
        setAnswer(await shareAction(input));
      } catch {
        setAnswer({ ok: false, message: "The link could not be made: try again." });
      }
    });
  };

  return (
    <>
      <button
        type="button"
        data-testid="share-button"
        onClick={() => {
          setAnswer(null);
          dialog.current?.showModal();
        }}
        className="ml-auto rounded border border-border px-3 py-1 text-sm hover:text-ink focus-visible:outline-2 focus-visible:outline-accent print:hidden"
      >
        Share
      </button>
      <dialog
        ref={dialog}
        data-testid="share-dialog"
        aria-labelledby="share-title"
        className="m-auto w-full max-w-md rounded-lg border border-border bg-panel p-4 text-ink backdrop:bg-black/40"
      >
        <h2 id="share-title" className="mb-1 font-semibold">
          Share a report link
        </h2>
        <p className="mb-3 text-xs text-muted">
          Freezes the figures this page shows now. The link shows them read-only until it expires or
          is revoked (<a href="/shared">Shared by me</a>).
        </p>
        {link ? (
          <div className="space-y-3">
            <label className="block text-sm">
              Link
              <input readOnly value={link} data-testid="share-link" className={inputClass} />
            </label>
            <div className="flex justify-end gap-2">
              <CopyButton text={link} />
              <button
                type="button"
                className="rounded border border-border px-2 py-1 text-xs"
                onClick={() => dialog.current?.close()}
              >
                Close
              </button>
            </div>
          </div>
        ) : (
          <form action={submit} className="space-y-3">
            <label className="block text-sm">
              Title
              <input
                name="title"
                defaultValue={defaultTitle}
                maxLength={200}
                className={inputClass}
              />
            </label>
            <label className="block text-sm">
              Expires after (days, at most {maxDays})
              <input
                name="days"
                type="number"
                min={1}
                max={maxDays}
                required
                defaultValue={defaultDays}
                className={inputClass}
              />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input name="anyone" type="checkbox" data-testid="share-anyone" />
              Anyone with the link (no sign-in)
            </label>
            {answer && !answer.ok && (
              <p role="alert" className="text-sm text-bad" data-testid="share-error">
                {answer.message}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <button
                type="button"
                className="rounded border border-border px-2 py-1 text-xs"
                onClick={() => dialog.current?.close()}
              >
                Cancel
              </button>
              <button
                type="submit"
                disabled={pending}
                data-testid="share-create"
                className="rounded bg-accent px-3 py-1 text-xs text-white disabled:opacity-50"
              >
                {pending ? "Freezing…" : "Create link"}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
