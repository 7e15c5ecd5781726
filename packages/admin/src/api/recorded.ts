// Recording, on a resident's behalf, what arrived elsewhere. The Idempotency-Key is made once per filled
// form and kept across retries, so a retry after a lost answer stores it once.
import type { RecordedRepair, RecordedSuggestion, RecordRepair, RecordSuggestion } from '@courtyard/protocol/schemas';
import { adminFetch } from './request.js';

export type { RecordedRepair, RecordedSuggestion, RecordRepair, RecordSuggestion };

async function record<T>(path: string, body: unknown, key: string): Promise<T> {
  const response = await adminFetch('POST', path, body, undefined, { 'idempotency-key': key });
  return (await response.json()) as T;
}

export const recordRepair = (body: RecordRepair, key: string) => record<RecordedRepair>('repairs', body, key);
export const recordSuggestion = (body: RecordSuggestion, key: string) =>
  record<RecordedSuggestion>('suggestions', body, key);
