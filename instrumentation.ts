export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installSocketAddressStamp } = await import("./lib/peer-stamp");
  installSocketAddressStamp();
  const { bootstrapOrExit } = await import("./db/bootstrap");
  await bootstrapOrExit();
  const { startOutboxWorker } = await import("./lib/server/outbox/start-worker");
  startOutboxWorker();
}
