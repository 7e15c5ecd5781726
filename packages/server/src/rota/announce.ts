// Every change to a rota's days is told to the pages showing it, in the transaction that makes it: the
// changed days as the public table shows them, and the swaps still waiting on them.
import { ROTA_EVENTS, type RotaSwapState } from '@courtyard/protocol';
import type { Executor } from '../db/database.js';
import { emit } from '../events/emit.js';
import { listDuties, pendingSwaps, type RotaWithPlace } from '../repositories/rotas.js';
import { presentDays } from './present.js';
import { rotaTopic } from './topic.js';

export async function announceDays(tx: Executor, rota: RotaWithPlace, days: string[]): Promise<void> {
  const sorted = [...new Set(days)].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return;
  const duties = (await listDuties(tx, rota.id, first, last)).filter((duty) => sorted.includes(duty.day));
  const swaps = await pendingSwaps(
    tx,
    rota.id,
    duties.map((duty) => duty.id),
  );
  await emit(tx, rotaTopic(rota.communityId, rota.id), ROTA_EVENTS.day, {
    id: rota.id,
    days: presentDays(rota, duties, sorted),
    swaps: swaps.map(presentSwap),
  });
}

export const presentSwap = (swap: { id: string; fromDutyId: string; toDutyId: string; state: RotaSwapState }) => ({
  id: swap.id,
  fromDutyId: swap.fromDutyId,
  toDutyId: swap.toDutyId,
  state: swap.state,
});
