import type { Metadata } from "next";
import Link from "next/link";
import { SignInOffBanner } from "@/components/auth/sign-in-off-banner";
import { UserMenu } from "@/components/auth/user-menu";
import { QueryProvider } from "@/components/query-provider";
import { ThemeToggle } from "@/components/theme-toggle";
import { signInOff } from "@/lib/auth/session";
import { isBuildPhase } from "@/lib/env";
import { THEME_SCRIPT } from "@/lib/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sightline", template: "%s | Sightline" },
  description: "SLOs, latency and cost per workload, from Prometheus and ClickHouse",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  // Read from the environment, not the request, so cached pages stay cacheable. The pages
  // `next build` prerenders (the 404 page) are built without it.
  const off = !isBuildPhase() && signInOff();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans antialiased">
        {off && <SignInOffBanner />}
        <header className="border-b border-border bg-panel">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3" aria-label="Main">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              Sightline
            </Link>
            <Link href="/" className="text-sm text-muted hover:text-ink">
              Overview
            </Link>
            <Link href="/cost" className="text-sm text-muted hover:text-ink">
              Cost
            </Link>
            <Link href="/oncall" className="text-sm text-muted hover:text-ink">
              On-call
            </Link>
            <ThemeToggle />
            {!off && <UserMenu />}
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">
          <QueryProvider>{children}</QueryProvider>
        </main>
      </body>
    </html>
  );
}
