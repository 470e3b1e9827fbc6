"use client";

import { useState } from "react";

/** Copies `text` (a link) to the clipboard and says so. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [done, setDone] = useState<"copied" | "failed" | null>(null);
  return (
    <button
      type="button"
      data-testid="copy-link"
      className="rounded border border-border px-2 py-1 text-xs hover:text-ink focus-visible:outline-2 focus-visible:outline-accent print:hidden"
      onClick={() => {
        const url = new URL(text, window.location.origin).toString();
        navigator.clipboard.writeText(url).then(
          () => setDone("copied"),
          () => setDone("failed"),
        );
      }}
    >
      {done === "copied" ? "Copied" : done === "failed" ? "Copy failed" : label}
    </button>
  );
}
