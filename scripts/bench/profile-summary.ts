/**
 * `npx tsx scripts/bench/profile-summary.ts FILE.cpuprofile [TOP]` — where a V8 CPU profile's
 * time went: self time by package (node_modules/<name>, node's own, or this project's files)
 * and the TOP functions by self time. For bench:queue's --profile.
 */
import fs from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: profile-summary.ts FILE.cpuprofile [TOP]");
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => {
  const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
  selfMs.set(id, (selfMs.get(id) ?? 0) + delta);
});

function packageOf(url: string): string {
  if (!url) return "(native / idle / gc)";
  const inModules = url.lastIndexOf("node_modules/");
  if (inModules >= 0) {
    const rest = url.slice(inModules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node";
  const inProject = url.indexOf("/src/");
  return inProject >= 0 ? `src/${url.slice(inProject + 5).split("/").slice(0, -1).join("/")}` : url;
}

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + ms);
  const key = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
}
const total = (profile.endTime - profile.startTime) / 1000;
const print = (title: string, entries: Map<string, number>, top: number) => {
  console.log(`\n${title}`);
  for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  }
};
console.log(`profile: ${total.toFixed(0)} ms`);
print("self time by package", byPackage, 25);
print("self time by function", byFunction, Number(topArg ?? 40));
