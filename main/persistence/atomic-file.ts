// Writes that a crash or a power cut cannot tear: a temporary file beside the target,
// flushed to disk, then renamed over it (rename is atomic on one file system). A reader
// sees the old file or the new one, never half of either.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    // writeSync may write less than asked; go on until all of it is down.
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true }); // a folder in the way, a read-only disk: leave no litter
    throw error;
  }
  syncDirectory(path.dirname(file));
}

/** Makes the rename itself durable; not every platform lets a directory be fsynced. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory this way; NTFS journals the rename.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
