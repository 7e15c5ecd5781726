// Where an endpoint listens (the whole community, a building or a unit) and a DingTalk or Feishu bot's signing
// secret: the fields of the add form and of an endpoint's own form, and how its place reads in the list.
import type { WebhookFormat } from '@courtyard/protocol';
import type { NewWebhook } from '@courtyard/protocol/schemas';
import { html, nothing } from 'lit';
import type { ScopeBuilding } from '../api/polls.js';
import type { WebhookEndpoint } from '../api/webhooks.js';
import type { WebhooksTranslation } from './translations.js';

/** The formats whose bots sign (DingTalk 加签, Feishu 签名校验); the server refuses a secret for the others. */
export const SIGNED_FORMATS: readonly WebhookFormat[] = ['dingtalk', 'feishu'];

type Scope = NonNullable<NewWebhook['scope']>;

/** One select holds the place: '' the community, `b:<building>` a building, `u:<building>:<unit>` a unit. */
const placeValue = (scope: WebhookEndpoint['scope']) =>
  !scope?.buildingId ? '' : scope.unitId ? `u:${scope.buildingId}:${scope.unitId}` : `b:${scope.buildingId}`;

export function readPlace(value: string): Scope | null {
  const [kind, buildingId, unitId] = value.split(':');
  if (kind === 'u' && buildingId && unitId) return { buildingId, unitId };
  if (kind === 'b' && buildingId) return { buildingId };
  return null;
}

export function placeName(t: WebhooksTranslation, places: ScopeBuilding[], scope: WebhookEndpoint['scope']): string {
  if (!scope?.buildingId) return t.wholeCommunity;
  const building = places.find((candidate) => candidate.id === scope.buildingId);
  const unit = building?.units.find((candidate) => candidate.id === scope.unitId);
  return [building?.name ?? '…', unit?.name].filter(Boolean).join(' ');
}

export function placeAndSigningFields(
  t: WebhooksTranslation,
  options: {
    /** Prefix of the fields' ids, so two forms on a page never share one. */
    idPrefix: string;
    places: ScopeBuilding[];
    invalid: string;
    current?: WebhookEndpoint;
  },
) {
  const { idPrefix: id, places, current } = options;
  const selected = placeValue(current?.scope ?? null);
  return html`<div class="field">
      <label for="${id}-place">${t.place}</label>
      <select id="${id}-place" name="place" aria-describedby="${id}-place-hint">
        <option value="" ?selected=${selected === ''}>${t.wholeCommunity}</option>
        ${places.map(
          (building) => html`<optgroup label=${building.name}>
            <option value="b:${building.id}" ?selected=${selected === `b:${building.id}`}>${building.name}</option>
            ${building.units.map((unit) => {
              const value = `u:${building.id}:${unit.id}`;
              return html`<option value=${value} ?selected=${selected === value}>${building.name} ${unit.name}</option>`;
            })}
          </optgroup>`,
        )}
      </select>
      <p id="${id}-place-hint" class="hint">${t.placeHint}</p>
    </div>
    <div class="field">
      <label for="${id}-bot-secret">${t.botSecret}</label>
      <input id="${id}-bot-secret" name="botSecret" autocomplete="off" spellcheck="false" maxlength="200"
        aria-describedby="${id}-bot-secret-hint" aria-invalid=${options.invalid === 'botSecret' ? 'true' : 'false'} />
      <p id="${id}-bot-secret-hint" class="hint">${t.botSecretHint} ${current?.botSigned ? t.botSecretKeep : ''}</p>
    </div>
    ${
      current?.botSigned
        ? html`<label class="check"><input type="checkbox" name="removeBotSecret" /> <span>${t.removeBotSecret}</span></label>`
        : nothing
    }`;
}
