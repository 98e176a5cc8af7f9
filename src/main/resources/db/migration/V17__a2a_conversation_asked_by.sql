-- Who asked the agent the question a thread's open form (input-required) belongs to: only they may answer it.
ALTER TABLE a2a_conversation ADD COLUMN asked_by VARCHAR(320);
