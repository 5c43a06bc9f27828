/**
 * Runs the real `orm` binary (bin/orm.js → dist/) as a child process, the way users do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ORM_BIN = resolve(__dirname, '../../bin/orm.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runOrm(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string } = { cwd: process.cwd() }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, DATABASE_URL: undefined, ...options.env };
    const child = spawn(process.execPath, [ORM_BIN, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh empty folder for one test. */
export function tempDir(prefix = 'ormkit-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
