/**
 * The command line's only contact with the outside world, injectable for tests.
 *
 * @module
 */

import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';

/** Something text can be written to, like `process.stdout`. */
export interface TextSink {
  write(text: string): unknown;
}

/** What a command may do to the outside world. Every field has a Node.js default ({@link nodeIo}). */
export interface CliIo {
  /** Results go here. */
  readonly stdout: TextSink;
  /** Diagnostics, rejections and usage text go here. */
  readonly stderr: TextSink;
  /** Reads a whole file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Lists the entry names of a directory. */
  readDir(path: string): Promise<string[]>;
  /** Whether `path` is a directory; `undefined` when it does not exist. */
  isDirectory(path: string): Promise<boolean | undefined>;
  /** Creates a directory (and its parents) when it does not exist. */
  makeDir(path: string): Promise<void>;
  /** Writes a whole file. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** The current time (the default verification time). */
  now(): Date;
}

/** The real process: `process.stdout`/`stderr`, `node:fs`, the system clock. */
export const nodeIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  readFile: async (path) => new Uint8Array(await readFile(path)),
  readDir: (path) => readdir(path),
  isDirectory: async (path) => {
    try {
      return (await stat(path)).isDirectory();
    } catch {
      return undefined;
    }
  },
  makeDir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  writeFile: (path, data) => writeFile(path, data),
  now: () => new Date(),
};
