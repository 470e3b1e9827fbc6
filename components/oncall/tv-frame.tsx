/** Dark palette of the wall screen, whatever the viewer's theme (same values as globals.css). */
const DARK: Record<string, string> = {
  "--surface": "#0d1117",
  "--panel": "#161b22",
  "--border": "#30363d",
  "--ink": "#e6edf3",
  "--muted": "#9198a1",
  "--good": "#3fb950",
  "--warn": "#d29922",
  "--bad": "#f85149",
  "--accent": "#4493f8",
  colorScheme: "dark",
};

// The root layout's header is hidden while a TV frame is on the page: no navigation on the wall.
const HIDE_HEADER = "body:has([data-tv]) > header { display: none; }";

/** Full-screen, dark, large-type frame for /oncall/tv, covering the layout's chrome. */
export function TvFrame({ children }: { children: React.ReactNode }) {
  return (
    <div
      data-tv="true"
      className="fixed inset-0 z-50 overflow-auto bg-surface p-8 text-xl text-ink"
      style={DARK}
    >
      <style>{HIDE_HEADER}</style>
      {children}
    </div>
  );
}
