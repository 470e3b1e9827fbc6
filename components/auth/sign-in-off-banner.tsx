/** Shown on every page while AUTH_DISABLED=true (app/layout.tsx, docs/auth.md). */
export function SignInOffBanner() {
  return (
    <div
      role="alert"
      data-testid="sign-in-off"
      className="border-b-2 border-warn bg-panel px-4 py-2 text-center text-sm font-semibold text-warn"
    >
      Sign-in is off (AUTH_DISABLED=true): anyone who reaches this port sees everything
    </div>
  );
}
