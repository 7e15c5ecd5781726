-- Trigram search over Chinese text (word-splitting full text search keeps a whole Chinese sentence as one token).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
