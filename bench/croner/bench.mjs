// croner computing the same next pushes as bench_push: the next run of
// "*/10 <window hours> * * *" in the plan's zone at or after each instant.
// usage: node bench.mjs CASES.json   (written by bench_push --emit-cases)
import { readFileSync } from "node:fs";
import { Cron } from "croner";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));

function hours(start, end) {
  // [start, end) in whole hours; crossing midnight is two ranges.
  if (start < end) return end - start === 1 ? `${start}` : `${start}-${end - 1}`;
  const late = start === 23 ? "23" : `${start}-23`;
  return end === 0 ? late : `${late},${end === 1 ? "0" : `0-${end - 1}`}`;
}

const jobs = cases.map((c) => ({
  cron: new Cron(`*/10 ${hours(c.start_hour, c.end_hour)} * * *`, { timezone: c.zone, paused: true }),
  // croner's nextRun(d) is strictly after d: ask from one millisecond before.
  from: new Date(c.from * 1000 - 1),
  expected: c.expected,
}));

let differ = 0;
for (const job of jobs) {
  const next = job.cron.nextRun(job.from);
  if (Math.floor(next.getTime() / 1000) !== job.expected) differ++;
}

const runs = [];
for (let r = 0; r < 7; r++) {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let k = 0; k < 4; k++) for (const job of jobs) sink += job.cron.nextRun(job.from).getTime();
  runs.push(Number(process.hrtime.bigint() - start) / (4 * jobs.length));
  if (sink === 42) console.log(sink);
}
runs.sort((a, b) => a - b);
console.log(JSON.stringify({ cases: jobs.length, differ, median_ns: runs[3], min_ns: runs[0], max_ns: runs[6] }));

if (process.env.SHOW_DIFFERENCES) {
  for (const [i, job] of jobs.entries()) {
    const next = Math.floor(job.cron.nextRun(job.from).getTime() / 1000);
    if (next !== job.expected)
      console.log(JSON.stringify({ ...cases[i], croner: next }),
                  new Date(cases[i].from * 1000).toISOString(), "->",
                  new Date(job.expected * 1000).toISOString(), "croner", new Date(next * 1000).toISOString());
  }
}
