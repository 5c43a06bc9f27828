import { Command } from 'commander';
import { migrateAutogenerateCommand } from './migrate-autogenerate.js';
import { migrateLintCommand } from './migrate-lint.js';
import { migrateRehashCommand } from './migrate-rehash.js';
import { migrateResolveCommand } from './migrate-resolve.js';
import { migrateRevisionCommand } from './migrate-revision.js';

/** `orm migrate <subcommand>`: writing and repairing migrations. */
export function migrateCommand(): Command {
  const cmd = new Command('migrate').description('write, lint and repair migrations (autogenerate, revision, lint, rehash, resolve)');
  for (const sub of [migrateAutogenerateCommand(), migrateRevisionCommand(), migrateLintCommand(), migrateRehashCommand(), migrateResolveCommand()]) {
    // The root sets exitOverride on its direct children only: errors here must reach it too.
    cmd.addCommand(sub.exitOverride());
  }
  return cmd;
}
