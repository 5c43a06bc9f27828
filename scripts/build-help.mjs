#!/usr/bin/env node
// Renders `orm --help` once at build time into dist/cli/help.txt, so printing the top-level
// help loads no command module. Run by `npm run build` after tsc.
import { writeFileSync } from 'node:fs';

const { buildProgram } = await import('../dist/cli/program.js');
const program = await buildProgram();
// 80 columns whatever the terminal that runs the build.
program.configureOutput({ getOutHelpWidth: () => 80 });
writeFileSync(new URL('../dist/cli/help.txt', import.meta.url), program.helpInformation());
