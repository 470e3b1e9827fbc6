// Without a file of its own, a build with the repository as Turbopack root picks up
// Sightline's instrumentation.ts (its start-up checks): the baseline must not run them.
export function register(): void {}
