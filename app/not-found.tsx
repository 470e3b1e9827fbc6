import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/**
 * What an unknown page, workload or range answers (also another team's workload, which
 * answers exactly as an unknown one: docs/auth.md). Small on purpose: the root layout
 * carries it in every page's payload.
 */
export default function NotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted">
        No such page here. <Link href="/">Back to the overview</Link>
      </p>
    </div>
  );
}
