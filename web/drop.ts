/**
 * Drag and drop (files, or folders walked with webkitGetAsEntry) and the file inputs (several
 * files; a folder) as the source of the user's data: `onFiles` gets the flat list of files.
 */

/** All files under a dropped entry (a file, or a folder walked recursively). */
async function entryFiles(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((ok, no) => (entry as FileSystemFileEntry).file(ok, no))];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, no) => reader.readEntries(ok, no));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  return (await Promise.all(entries.map(entryFiles))).flat();
}

/** The files of a drop: folders walked where the browser gives entries, else the plain list. */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(transfer.items ?? [])
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => e !== null && e !== undefined);
  if (entries.length > 0 && entries.some((e) => e.isDirectory)) {
    return (await Promise.all(entries.map(entryFiles))).flat();
  }
  return Array.from(transfer.files);
}

/** Wires `zone` (drop target) and the `inputs` (file pickers) to `onFiles`. */
export function setupDrop(
  zone: HTMLElement,
  inputs: HTMLInputElement[],
  onFiles: (files: File[]) => void,
): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer) void droppedFiles(e.dataTransfer).then(onFiles);
  });
  for (const input of inputs) {
    input.addEventListener('change', () => {
      if (input.files && input.files.length > 0) onFiles(Array.from(input.files));
    });
  }
}
