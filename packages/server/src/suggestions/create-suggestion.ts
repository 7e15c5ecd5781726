// Creating a suggestion in the caller's transaction, shared by the widget's form with a photo and by staff
// recording one on a resident's behalf: checks the category, stores it and its photos, and announces it
// (live pages, the staff inbox and webhooks all start from the event). A refusal stores nothing.
// The widget's JSON path writes the same row in one statement (repositories/suggestions.ts).
import type { Executor } from '../db/database.js';
import { validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { topic } from '../events/topics.js';
import type { ProcessedPhoto } from '../photos/process-photo.js';
import { storePhoto } from '../repositories/photos.js';
import { insertSuggestion, isSuggestionCategory, type NewSuggestion } from '../repositories/suggestions.js';
import { CREATED_EVENT } from './events.js';

/** 400 unless the category (when one is given) is one of the community's suggestion categories. */
export async function checkSuggestionCategory(db: Executor, communityId: string, categoryId: string | undefined) {
  if (categoryId && !(await isSuggestionCategory(db, communityId, categoryId))) {
    throw validation('body.categoryId is not one of this community’s suggestion categories.');
  }
}

export async function createSuggestion(tx: Executor, input: NewSuggestion, photos: ProcessedPhoto[] = []) {
  await checkSuggestionCategory(tx, input.communityId, input.categoryId);
  const created = await insertSuggestion(tx, input);
  for (const photo of photos) {
    const owner = { kind: 'suggestion', id: created.id };
    await storePhoto(tx, { communityId: input.communityId, siteId: input.siteId, owner, photo });
  }
  await emit(tx, topic(input.communityId, 'suggestion', created.id), CREATED_EVENT, {
    id: created.id,
    moderation: created.moderation,
    status: created.status,
  });
  return created;
}
