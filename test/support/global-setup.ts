import { serverAvailability } from './databases.js';

/** Says once, visibly, which server suites run and which are skipped. */
export default function setup(): void {
  for (const line of serverAvailability()) process.stdout.write(`${line}\n`);
}
