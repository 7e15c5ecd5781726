// The delivery log of one endpoint: a table (in a keyboard-scrollable region on narrow screens) with each
// delivery's event, result, attempts and the last answer.
import { html, type TemplateResult } from 'lit';
import type { WebhookDelivery } from '../api/webhooks.js';
import type { WebhooksTranslation } from './translations.js';

export function deliveryLog(
  t: WebhooksTranslation,
  deliveries: WebhookDelivery[],
  formatTime: (iso: string) => string,
): TemplateResult {
  if (deliveries.length === 0) return html`<p class="muted">${t.logEmpty}</p>`;
  return html`<div class="scroll" role="region" aria-label=${t.logRegion} tabindex="0">
    <table>
      <thead>
        <tr>
          <th scope="col">${t.time}</th>
          <th scope="col">${t.event}</th>
          <th scope="col">${t.deliveryState}</th>
          <th scope="col">${t.attempts}</th>
          <th scope="col">${t.response}</th>
        </tr>
      </thead>
      <tbody>
        ${deliveries.map((delivery) => {
          const last = delivery.log.at(-1);
          const answer = last?.statusCode ? `HTTP ${last.statusCode}` : t.noAnswer;
          const detail = delivery.lastError ?? last?.responseSnippet ?? '';
          return html`<tr>
            <th scope="row">${formatTime(delivery.createdAt)}</th>
            <td>${(t.eventNames as Record<string, string>)[delivery.eventType] ?? delivery.eventType}</td>
            <td>
              <span class="badge ${delivery.state}">${t.deliveryStates[delivery.state] ?? delivery.state}</span>
              ${delivery.nextAttemptAt ? html`<br /><span class="muted">${t.nextAttempt(formatTime(delivery.nextAttemptAt))}</span>` : ''}
            </td>
            <td>${delivery.attempts}</td>
            <td>${delivery.log.length ? answer : ''}${detail ? html`<br /><code>${detail}</code>` : ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
