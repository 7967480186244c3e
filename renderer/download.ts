// Saving files from the renderer: a browser download of a Blob (Electron shows its save dialog for
// downloads), the clipboard with a download as fallback, and safe file names. Nothing leaves the machine.

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Decodes base64 bytes from the core into a Blob of the given type. */
export function base64Blob(base64: string, mime: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** Clipboard first; falls back to downloading the text when the clipboard is unavailable. */
export async function copyText(
  text: string,
  fallbackFilename: string,
  mime: string,
): Promise<'copied' | 'downloaded'> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    downloadBlob(new Blob([text], { type: mime }), fallbackFilename);
    return 'downloaded';
  }
}

export function safeFilename(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';
}
