CREATE TABLE "product_option_values" (
	"product_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"variants" integer NOT NULL,
	CONSTRAINT "product_option_values_product_id_key_name_value_pk" PRIMARY KEY("product_id","key","name","value"),
	CONSTRAINT "product_option_values_variants_positive" CHECK ("product_option_values"."variants" > 0)
);
--> statement-breakpoint
ALTER TABLE "product_option_values" ADD CONSTRAINT "product_option_values_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Keeps product_option_values equal to the option values of each product's active variants, a variant at a
-- time (its row locks, not a recount of the product, so concurrent edits of one product's variants add up).
create or replace function track_product_option_values() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.active then
    delete from product_option_values f
    using jsonb_each_text(old.options) o
    where f.product_id = old.product_id and f.key = lower(o.key) and f.name = o.key and f.value = o.value
      and f.variants = 1;
    update product_option_values f set variants = f.variants - 1
    from jsonb_each_text(old.options) o
    where f.product_id = old.product_id and f.key = lower(o.key) and f.name = o.key and f.value = o.value;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.active then
    insert into product_option_values (product_id, key, name, value, variants)
    select new.product_id, lower(o.key), o.key, o.value, 1 from jsonb_each_text(new.options) o
    on conflict (product_id, key, name, value) do update set variants = product_option_values.variants + 1;
  end if;
  return null;
end
$$;
--> statement-breakpoint
create trigger variants_track_option_values
after insert or delete on variants
for each row execute function track_product_option_values();
--> statement-breakpoint
create trigger variants_track_option_values_on_change
after update of product_id, options, active on variants
for each row
when (old.product_id is distinct from new.product_id or old.options is distinct from new.options or old.active is distinct from new.active)
execute function track_product_option_values();
--> statement-breakpoint
insert into product_option_values (product_id, key, name, value, variants)
select v.product_id, lower(o.key), o.key, o.value, count(*)::int
from variants v cross join lateral jsonb_each_text(v.options) o
where v.active
group by 1, 2, 3, 4;
