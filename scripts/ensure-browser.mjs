// Makes sure a Chromium exists before the end-to-end suite runs, installing one when missing:
// Debian's package where apt-get works (Playwright's own download is blocked on some machines),
// otherwise Playwright's download.
import { spawnSync } from "node:child_process";
import { findChromium } from "./browser.mjs";

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  return (
    spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0
  );
}

let found = findChromium();
if (found) {
  console.log(`e2e browser: ${found}`);
  process.exit(0);
}

console.log("No Chromium found for the end-to-end tests; installing one (this happens once).");
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
if (hasApt) {
  const sudo = isRoot ? [] : ["sudo", "-n"];
  const apt = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), "apt-get", ...args]) : run("apt-get", args));
  if (apt(["-qq", "update"]) && apt(["-qq", "install", "-y", "--no-install-recommends", "chromium"]))
    found = findChromium();
}
if (!found) {
  console.log("Trying Playwright's own Chromium download instead.");
  if (run("npx", ["playwright", "install", "chromium"])) found = findChromium();
}
if (!found) {
  console.error(
    "Could not install a Chromium. Install one yourself (Debian/Ubuntu: `apt-get install chromium`; elsewhere `npx playwright install chromium`) or set CHROMIUM_PATH.",
  );
  process.exit(1);
}
console.log(`e2e browser installed: ${found}`);
