import { chromium, type Browser } from "playwright-core";
import { ensureDebianPackages } from "@/scripts/lib/processes";

/** Debian's Chromium, headless, with the flags this closed network needs (Playwright gives it a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  ensureDebianPackages([{ pkg: "chromium", bin: "chromium" }]);
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
