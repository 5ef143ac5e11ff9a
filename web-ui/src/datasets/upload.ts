import { ApiError, problemFrom, unreachable } from '../api/problem';

export type UploadProgress = { loaded: number; total: number | null };

/**
 * Posts a multipart form with upload progress (fetch cannot report it; XMLHttpRequest can). Resolves with the JSON
 * answer; rejects with an ApiError carrying the problem's detail.
 */
export function uploadForm<T>(url: string, form: FormData, onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      if ((xhr.getResponseHeader('Content-Type') ?? '').includes('json')) {
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // keep the text
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(problemFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(unreachable(new Error('the upload was interrupted')));
    xhr.onabort = () => reject(new ApiError(0, 'Cancelled', 'The upload was cancelled.', null, null));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

export const FORMATS = ['idx', 'csv'] as const;
export type DatasetFormat = (typeof FORMATS)[number];

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Checks the upload form before sending; returns the problem per field. */
export function checkUpload(name: string, format: DatasetFormat, files: readonly { name: string }[]): Partial<Record<'name' | 'files', string>> {
  const errors: Partial<Record<'name' | 'files', string>> = {};
  if (!name.trim()) errors.name = 'Give the data set a name, e.g. my-digits';
  else if (!NAME.test(name.trim())) errors.name = 'Use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (at most 63)';
  if (files.length === 0) errors.files = format === 'idx' ? 'Choose the four IDX files: train and test images and labels' : 'Choose a CSV file';
  else if (format === 'idx' && files.length !== 4) {
    errors.files = `IDX needs four files (train images, train labels, test images, test labels), got ${files.length}`;
  } else if (format === 'idx' && files.some((f) => !/(idx\d?-ubyte|ubyte)(\.gz)?$|\.idx\d?(\.gz)?$|\.gz$/i.test(f.name))) {
    errors.files = 'IDX files are named like train-images-idx3-ubyte(.gz)';
  }
  return errors;
}
