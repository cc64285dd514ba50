-- Trigram similarity for typo-tolerant search; trusted, so the database owner may create it.
create extension if not exists pg_trgm;
