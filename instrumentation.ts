export async function register() {
  // Configuration is checked once, in the Node.js server, before the first request.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { validateStartup } = await import("./lib/startup");
  validateStartup();
}
