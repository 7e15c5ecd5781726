-- A repair request was only ever marked spam for arriving while its sender or its site was past a soft rate
-- limit; a busy site now asks for a proof of work instead. Those requests (a gas leak among them, perhaps)
-- are released to the inbox, Open311 and the exports like any other; webhooks are not sent again for them.
UPDATE "repair_requests" SET "spam" = false WHERE "spam" AND "source" = 'widget';
