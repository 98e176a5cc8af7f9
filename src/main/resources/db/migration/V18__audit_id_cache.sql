-- An audit row per command: the identity's sequence handed out 32 values per write of the schema's metadata (H2),
-- a commit of its own on the message path's writer every 32 commands. Unused values after a crash are skipped, as
-- any sequence's; ids stay unique and rising within a process (the API orders by time, then id).
ALTER TABLE audit_log ALTER COLUMN id SET CACHE 1000;
