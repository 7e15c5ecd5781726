// Civil Code of the PRC (2020), art. 278 ¶2: a matter the owners decide jointly needs owners holding at least
// two thirds of the exclusive floor area AND at least two thirds of the owners to take part; it passes with
// more than half of the participating area and of the participating owners, or, for items (6)–(8) (raising
// maintenance funds; rebuilding or altering; changing the use of common parts), at least three quarters of
// both. Areas are compared in hundredths of a m² as integers, so the thresholds are exact (no float error).

export type ApprovalRule = 'majority' | 'three-quarters';

export interface Dimensions {
  households: number;
  /** Hundredths of a square metre. */
  areaCents: number;
}

export interface OwnersOutcome {
  quorumMet: boolean;
  approved: boolean;
  passed: boolean;
}

export function decideOwners(
  rule: ApprovalRule,
  eligible: Dimensions,
  participating: Dimensions,
  approving: Dimensions,
): OwnersOutcome {
  // 以上 includes the bound itself (Civil Code art. 1259); 过半数 is strictly more than half.
  const quorumMet =
    eligible.households > 0 &&
    3 * participating.areaCents >= 2 * eligible.areaCents &&
    3 * participating.households >= 2 * eligible.households;
  const approved =
    participating.households > 0 &&
    (rule === 'majority'
      ? 2 * approving.areaCents > participating.areaCents && 2 * approving.households > participating.households
      : 4 * approving.areaCents >= 3 * participating.areaCents &&
        4 * approving.households >= 3 * participating.households);
  return { quorumMet, approved, passed: quorumMet && approved };
}

/** A numeric(…, 2) as PostgreSQL prints it ('88.60', '-1.5', null) in hundredths, exactly. */
export function toCents(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const text = String(value).trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const cents = Number(match[2] || '0') * 100 + Number(`${match[3] ?? ''}00`.slice(0, 2));
  return match[1] ? -cents : cents;
}

export const fromCents = (cents: number) => cents / 100;
