#!/usr/bin/env node
// Thin entry: everything lives in dist/cli (built on `npm install` via `prepare`).
import('../dist/cli/main.js').then(
  (m) => m.main(process.argv),
  (err) => {
    process.stderr.write(`orm: cannot start (${err.message}); run \`npm run build\` in the ormkit folder\n`);
    process.exitCode = 3;
  },
);
