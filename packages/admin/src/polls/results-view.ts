// The results as an SVG bar chart (sized by attributes: the console's CSP allows no inline style) with the
// same numbers in a table, and the owners' tally (art. 278) with its four figures and plain verdicts.
import { html, nothing, svg } from 'lit';
import type { StaffPollResults } from '../api/polls.js';
import { formatNumber, formatPercent } from './messages.js';
import type { PollsText } from './translations.js';

export function resultsView(t: PollsText, language: string, results: StaffPollResults) {
  const total = results.ballots;
  const most = Math.max(1, ...results.options.map((o) => o.votes));
  const summary = results.options
    .map((o) => `${o.label} ${o.votes} (${formatPercent(o.votes, total, language)})`)
    .join('; ');
  return html`
    <p>${t.ballotsCount(total)}</p>
    <div class="chart" role="img" aria-label=${t.chartLabel(summary)}>
      ${results.options.map(
        (option) => html`<div class="bar-row">
          <span class="bar-label">${option.label}</span>
          <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
            ${svg`<rect class="bar" x="0" y="0" height="10" width=${(option.votes / most) * 100}></rect>`}
          </svg>
          <span class="bar-value">${option.votes}</span>
        </div>`,
      )}
    </div>
    <div class="table-wrap">
      <table>
        <caption>${t.results}</caption>
        <thead>
          <tr>
            <th scope="col">${t.colOption}</th>
            <th scope="col" class="number">${t.colVotes}</th>
            <th scope="col" class="number">${t.colPercent}</th>
            ${results.owners ? html`<th scope="col" class="number">${t.colArea}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${results.options.map(
            (option) => html`<tr>
              <th scope="row">${option.label}</th>
              <td class="number">${option.votes}</td>
              <td class="number">${formatPercent(option.votes, total, language)}</td>
              ${results.owners ? html`<td class="number">${formatNumber(option.area ?? 0, language)}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${results.owners ? ownersView(t, language, results.owners) : nothing}
    ${
      results.otherTexts.length
        ? html`<h4>${t.otherAnswers}</h4>
            <ul>
              ${results.otherTexts.map((text) => html`<li>${text}</li>`)}
            </ul>`
        : nothing
    }
  `;
}

function ownersView(t: PollsText, language: string, owners: NonNullable<StaffPollResults['owners']>) {
  const { eligible, participating, approving } = owners;
  const cell = (value: number, whole: number, area: boolean) =>
    t.ofTotal(
      area ? formatNumber(value, language) : String(value),
      area ? formatNumber(whole, language) : String(whole),
      formatPercent(value, whole, language),
    );
  return html`
    <h4>${t.tally} · ${t.ruleNames[owners.rule]}</h4>
    <p class="verdict" data-verdict>
      ${owners.quorumMet ? t.quorumMet : t.quorumMissed} · ${owners.passed ? t.passed : t.notPassed}
    </p>
    <div class="table-wrap">
      <table>
        <caption>${t.tally}</caption>
        <thead>
          <tr>
            <th scope="col">${t.colMeasure}</th>
            <th scope="col" class="number">${t.colHouseholds}</th>
            <th scope="col" class="number">${t.colAreaM2}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">${t.eligibleRow}</th>
            <td class="number">${eligible.households}</td>
            <td class="number">${formatNumber(eligible.area, language)}</td>
          </tr>
          <tr>
            <th scope="row">${t.participatingRow}</th>
            <td class="number">${cell(participating.households, eligible.households, false)}</td>
            <td class="number">${cell(participating.area, eligible.area, true)}</td>
          </tr>
          <tr>
            <th scope="row">${t.approvingRow(owners.rule)}</th>
            <td class="number">${cell(approving.households, participating.households, false)}</td>
            <td class="number">${cell(approving.area, participating.area, true)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  `;
}
