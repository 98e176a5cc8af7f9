-- The A2A conversation of each Webex thread (/agent): the agent's contextId, so follow-ups in the thread continue
-- it, and its last task, so a form submit resumes it and /agent cancel cancels it. Old rows are pruned by age.
CREATE TABLE a2a_conversation (
    thread_id   VARCHAR(255)  NOT NULL PRIMARY KEY,
    room_id     VARCHAR(255)  NOT NULL,
    agent_url   VARCHAR(1000) NOT NULL,
    context_id  VARCHAR(255),
    task_id     VARCHAR(255),
    task_state  VARCHAR(32),
    updated_at  BIGINT        NOT NULL
);
CREATE INDEX a2a_conversation_updated_at ON a2a_conversation (updated_at);
