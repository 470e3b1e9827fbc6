"use client";

import { useId, useRef, useState } from "react";
import { RANGES, type RangeKey } from "@/lib/time/ranges";
import { useMayEmbed } from "./embed-access";

/** One thing the dialog can embed: a label and what the token will fix. */
export interface EmbedChoice {
  label: string;
  panel: "status" | "burndown" | "indicator" | "team" | "badge";
  workload?: string;
  team?: string;
  slo?: string;
  indicator?: string;
}

interface Created {
  url: string;
  html: string;
  markdown?: string;
  expiresAt: string;
}

const EXPIRY_DAYS = [7, 30, 90, 180, 365];
const field =
  "rounded border border-border bg-panel px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent";
const button =
  "rounded border border-border px-3 py-1 text-sm hover:text-ink focus-visible:outline-2 focus-visible:outline-accent";

/**
 * "Embed" on an SLO panel or the overview table (docs/embeds.md): editors pick what to
 * embed, the expiry and the origins allowed to frame it, and get the iframe or badge
 * snippet. Hidden from viewers; the API refuses them anyway.
 */
export function EmbedButton({ choices, range }: { choices: EmbedChoice[]; range: RangeKey }) {
  const may = useMayEmbed();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [choice, setChoice] = useState(0);
  const [r, setR] = useState<RangeKey>(range);
  const [theme, setTheme] = useState<"light" | "dark">("light");
  const [days, setDays] = useState(90);
  const [origins, setOrigins] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  if (!may || choices.length === 0) return null;
  const picked = choices[choice] ?? choices[0]!;
  const badge = picked.panel === "badge";

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const subject = { ...picked, label: undefined };
      const res = await fetch("/api/v1/embeds", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          ...subject,
          range: r,
          theme,
          expiresInDays: days,
          origins: badge ? [] : origins.split(/[\s,]+/).filter(Boolean),
        }),
      });
      const body = (await res.json()) as Created & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      setCreated(body);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const copy = async (text: string, what: string) => {
    await navigator.clipboard.writeText(text);
    setCopied(what);
  };

  return (
    <>
      <button
        type="button"
        className={button}
        onClick={() => {
          setCreated(null);
          setError(null);
          setCopied(null);
          dialog.current?.showModal();
        }}
      >
        Embed
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="w-full max-w-lg rounded-lg border border-border bg-panel p-4 text-ink backdrop:bg-black/40"
      >
        <h2 id={`${id}-title`} className="mb-3 text-lg font-semibold">
          Embed a panel
        </h2>
        {created ? (
          <div className="space-y-3">
            <p className="text-sm text-muted">
              Expires {created.expiresAt.slice(0, 10)}. The link is shown once: copy it now. Revoke
              it under{" "}
              <a href="/embeds" className="underline">
                Embeds
              </a>
              .
            </p>
            {(
              [
                ["html", badge ? "HTML" : "iframe", created.html],
                ...(created.markdown ? [["markdown", "Markdown", created.markdown]] : []),
                ["url", "Link", created.url],
              ] as [string, string, string][]
            ).map(([key, label, text]) => (
              <div key={key}>
                <label className="flex flex-col text-xs text-muted">
                  {label}
                  <textarea
                    readOnly
                    value={text}
                    rows={key === "url" ? 2 : 3}
                    className={`${field} font-mono text-xs`}
                    data-testid={`embed-snippet-${key}`}
                  />
                </label>
                <button
                  type="button"
                  className={`${button} mt-1`}
                  onClick={() => void copy(text, key)}
                >
                  {copied === key ? "Copied" : `Copy ${label}`}
                </button>
              </div>
            ))}
            <div className="flex justify-end">
              <button type="button" className={button} onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
          </div>
        ) : (
          <form onSubmit={(e) => void create(e)} className="space-y-3">
            <label className="flex flex-col text-xs text-muted">
              Panel
              <select
                value={choice}
                onChange={(e) => setChoice(Number(e.target.value))}
                className={field}
              >
                {choices.map((c, i) => (
                  <option key={i} value={i}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="flex gap-3">
              <label className="flex flex-col text-xs text-muted">
                Range
                <select
                  value={r}
                  onChange={(e) => setR(e.target.value as RangeKey)}
                  className={field}
                >
                  {(Object.keys(RANGES) as RangeKey[]).map((k) => (
                    <option key={k} value={k}>
                      {RANGES[k].label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col text-xs text-muted">
                Theme
                <select
                  value={theme}
                  onChange={(e) => setTheme(e.target.value as "light" | "dark")}
                  className={field}
                >
                  <option value="light">Light</option>
                  <option value="dark">Dark</option>
                </select>
              </label>
              <label className="flex flex-col text-xs text-muted">
                Expires in
                <select
                  value={days}
                  onChange={(e) => setDays(Number(e.target.value))}
                  className={field}
                >
                  {EXPIRY_DAYS.map((d) => (
                    <option key={d} value={d}>
                      {d} days
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {!badge && (
              <label className="flex flex-col text-xs text-muted">
                Sites allowed to frame it (one origin per line, e.g. https://wiki.example)
                <textarea
                  value={origins}
                  onChange={(e) => setOrigins(e.target.value)}
                  rows={2}
                  required
                  className={`${field} font-mono`}
                />
              </label>
            )}
            {error && (
              <p role="alert" className="text-sm text-bad">
                {error}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <button type="button" className={button} onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" className={button} disabled={busy}>
                {busy ? "Creating…" : "Create embed"}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
