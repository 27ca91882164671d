-- The ledger is append-only: an entry is never deleted, and once posted or rejected it never changes.
-- A pending entry (an offline earning) may still be settled by the posting job: its status, reason,
-- points and cropped points change then, but never what it is about.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger_entries is append-only: entry % cannot be deleted', OLD.id;
  END IF;
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'ledger entry % is %: a settled entry cannot change', OLD.id, OLD.status;
  END IF;
  IF (NEW.id, NEW.card_number, NEW.reward_point_id, NEW.kind, NEW.reverses)
     IS DISTINCT FROM (OLD.id, OLD.card_number, OLD.reward_point_id, OLD.kind, OLD.reverses) THEN
    RAISE EXCEPTION 'ledger entry %: id, card, reward point, kind and reverses cannot change', OLD.id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only
  BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
