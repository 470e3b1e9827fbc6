import type { Config } from "tailwindcss";

// Tailwind 4 reads this through `@config` in app/globals.css. Colours are CSS variables
// so the light and dark themes switch in one place.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        surface: "var(--surface)",
        panel: "var(--panel)",
        border: "var(--border)",
        ink: "var(--ink)",
        muted: "var(--muted)",
        good: "var(--good)",
        warn: "var(--warn)",
        bad: "var(--bad)",
        accent: "var(--accent)",
      },
    },
  },
};

export default config;
