-- Suggestions the server marked as spam before (a filled honeypot, or a sender past a soft rate limit) were
-- hidden from staff unless they looked for them. Each one no staff member marked (no audit entry setting its
-- moderation to spam) is put in the inbox's "to review" list.
UPDATE "suggestions" AS s SET "review_reason" = 'unreviewed'
WHERE s."moderation" = 'spam'
  AND NOT EXISTS (
    SELECT 1 FROM "audit_log" AS a
    WHERE a."community_id" = s."community_id"
      AND a."subject_type" = 'suggestion'
      AND a."subject_id" = s."id"::text
      AND a."action" = 'suggestion.updated'
      AND a."after" ->> 'moderation' = 'spam'
  );
