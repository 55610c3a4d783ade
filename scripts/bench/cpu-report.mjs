// Loaded with `node --import` into a benchmarked process: on exit, writes the process's CPU time (user + system,
// all threads, so Rolldown's native workers count) to the file named by BENCH_CPU_FILE. CPU time is steadier than
// wall time on a machine others are using.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (user + system) / 1000 }));
  });
}
