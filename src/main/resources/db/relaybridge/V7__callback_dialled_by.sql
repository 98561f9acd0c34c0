-- The node of a cluster that dials a scheduled callback (docs/cluster.md, "Scheduled callbacks"): when that node is
-- gone mid-attempt, a survivor ends the attempt as interrupted and the callback is retried. Null on a node on its
-- own and for every callback not being dialled.
ALTER TABLE scheduled_callback ADD COLUMN dialled_by VARCHAR(64);
