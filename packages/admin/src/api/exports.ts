// Downloads a CSV export (GET /admin/api/exports/…) as a stream, reporting rows and bytes as they arrive,
// so a long export shows progress instead of a frozen button.
import { AdminApiError, adminFetch } from './request.js';

export interface ExportProgress {
  /** Data rows received so far (the header not counted). */
  rows: number;
  bytes: number;
  /** Data rows the server announced (X-Courtyard-Rows), when it did. */
  totalRows: number | undefined;
}

export interface DownloadedExport {
  blob: Blob;
  filename: string;
  rows: number;
}

const CRLF = [13, 10] as const;

/** The file name from Content-Disposition, else `fallback`. */
function filenameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/**
 * Fetches `/admin/api/<path>`, calling `onProgress` after each chunk. Records end with CRLF and the server
 * writes line breaks inside a field as LF, so counting CRLF counts rows without parsing the CSV.
 */
export async function downloadExport(
  path: string,
  onProgress: (progress: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<DownloadedExport> {
  const response = await adminFetch('GET', path, undefined, signal);
  const announced = Number(response.headers.get('x-courtyard-rows'));
  const totalRows = Number.isInteger(announced) && announced >= 0 ? announced : undefined;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let records = 0;
  let previous = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new AdminApiError('network', 0);
      }
      const { done, value } = chunk;
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      for (const byte of value) {
        if (previous === CRLF[0] && byte === CRLF[1]) records++;
        previous = byte;
      }
      onProgress({ rows: Math.max(records - 1, 0), bytes, totalRows });
    }
  }
  const rows = Math.max(records - 1, 0);
  const blob = new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' });
  return { blob, filename: filenameOf(response, 'courtyard-export.csv'), rows };
}
