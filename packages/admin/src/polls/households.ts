// The household list staff paste to issue one ballot code per household.
import type { BallotCodesRequest } from '../api/polls.js';

/** "label, area, floor" lines (commas, Chinese commas or tabs); the line number of the first bad one. */
export function parseHouseholds(text: string): BallotCodesRequest['households'] | number {
  const households: NonNullable<BallotCodesRequest['households']> = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const [label, area, floor, ...rest] = line.split(/[,，\t]/).map((part) => part.trim());
    const areaNumber = area ? Number(area) : undefined;
    const floorNumber = floor ? Number(floor) : undefined;
    if (
      !label ||
      rest.length > 0 ||
      (areaNumber !== undefined && !(areaNumber > 0)) ||
      (floorNumber !== undefined && !Number.isInteger(floorNumber))
    ) {
      return index + 1;
    }
    households.push({
      label,
      ...(areaNumber === undefined ? {} : { area: areaNumber }),
      ...(floorNumber === undefined ? {} : { floor: floorNumber }),
    });
  }
  return households.length ? households : 1;
}
