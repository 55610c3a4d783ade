// Progress of a long analysis, on stderr so that stdout stays the command's result. On a terminal one line is
// rewritten in place; elsewhere (CI logs) a line at most every 5 seconds, so a slow build never looks hung.
export interface Progress {
  module(): void;
  done(summary: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const started = Date.now();
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let modules = 0;
  let last = 0;
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  return {
    module() {
      modules++;
      if (quiet) return;
      const now = Date.now();
      if (tty && now - last > 100) {
        last = now;
        stream.write(`\r\x1b[Kanalysing the build: ${modules} modules (${seconds()} s)`);
      } else if (!tty && now - last > 5000 && now - started > 5000) {
        last = now;
        stream.write(`analysing the build: ${modules} modules (${seconds()} s)\n`);
      }
    },
    done(summary) {
      if (quiet) return;
      if (tty) stream.write('\r\x1b[K');
      stream.write(`analysed ${modules} modules in ${seconds()} s: ${summary}\n`);
    },
  };
}
