// The one moderation step for what residents write that staff publish before anyone reads it: offers of help
// under a notice, opinions on a topic (and the suggestion's action names). Staff publish, reject or mark as
// spam; pages hear of it only when the text is or was shown, since a taken-down text must not reach them again.
import { audit, type StaffActor } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { notFound } from '../errors.js';

/** Staff's action → the moderation it sets. */
export const MODERATION = { publish: 'published', reject: 'rejected', spam: 'spam' } as const;
export type ModerationAction = keyof typeof MODERATION;
export type Moderation = (typeof MODERATION)[ModerationAction];

export interface ModeratedText {
  id: string;
  moderation: string;
}

export interface HowToModerate<Row extends ModeratedText> {
  /** For the 404 when the text is not there ("The offer"). */
  what: string;
  /** The audit record's action and subject type. */
  auditAction: string;
  subjectType: string;
  /** Writes the new moderation on `text` and answers the row as it is after. */
  write(text: Row, moderation: Moderation): Promise<Row>;
  /** Tells the pages: `shown` with the text, else only its id. */
  tellPages(after: Row, shown: boolean): Promise<unknown>;
}

/** Moderates `text` (as found, or undefined: a 404) by `actor`; nothing changes when it is already so. */
export async function moderate<Row extends ModeratedText>(
  tx: Executor,
  actor: StaffActor,
  action: ModerationAction,
  text: Row | undefined,
  how: HowToModerate<Row>,
): Promise<void> {
  if (!text) throw notFound(how.what);
  const moderation = MODERATION[action];
  if (text.moderation === moderation) return;
  const after = await how.write(text, moderation);
  await audit(
    tx,
    actor,
    how.auditAction,
    { type: how.subjectType, id: text.id },
    { moderation: text.moderation },
    { moderation },
  );
  if (moderation === 'published' || text.moderation === 'published') {
    await how.tellPages(after, moderation === 'published');
  }
}
