-- Keeps the vocabulary that search corrects typos against: every word of product titles, tags and descriptions.
create or replace function collect_product_search_terms() returns trigger language plpgsql as $$
begin
  insert into search_terms (term)
  select distinct word
  from regexp_split_to_table(lower(new.title || ' ' || array_to_string(new.tags, ' ') || ' ' || new.description), '[^[:alnum:]]+') as word
  where length(word) >= 3 and length(word) <= 40
  on conflict do nothing;
  return new;
end
$$;
--> statement-breakpoint
create trigger products_collect_search_terms
after insert or update of title, tags, description on products
for each row execute function collect_product_search_terms();
