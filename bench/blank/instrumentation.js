// Nothing to start: the floor app has no start-up work (and this keeps the build from taking up
// the repository's own instrumentation file, which sits above it).
export function register() {}
