// Multipart writes (photos) through XHR, whose upload events report progress (fetch has none).
// The client imports it the first time a write carries a photo.
import { PROOF_OF_WORK_HEADER } from '@courtyard/protocol';
import { networkError } from './api-error.js';
import { result, type UploadProgress, type WriteRequest, type WriteResult } from './client.js';

export function upload<Body>(request: WriteRequest, onProgress?: UploadProgress): Promise<WriteResult<Body>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    xhr.setRequestHeader('Idempotency-Key', request.idempotencyKey);
    xhr.setRequestHeader('Accept', 'application/json');
    if (request.proof) xhr.setRequestHeader(PROOF_OF_WORK_HEADER, request.proof);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      try {
        resolve(result<Body>(xhr.status, xhr.responseText, (name) => xhr.getResponseHeader(name)));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(networkError());
    const form = new FormData();
    for (const [name, value, fileName] of request.form ?? []) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, fileName);
    }
    xhr.send(form);
  });
}
