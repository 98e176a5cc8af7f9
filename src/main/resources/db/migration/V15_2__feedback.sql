-- Feedback on answers (/ask, agents): plain SQL for H2 and PostgreSQL, times in epoch milliseconds.
-- Versioned 15.2 (issue 15) so that it does not collide with another branch's V2.

-- One row per feedback card posted: what was asked, which answer, from which model or agent. A submit is only taken
-- from the card message recorded here, so a forged submit cannot rate another answer.
CREATE TABLE feedback_requests (
    id                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    answer_message_id  VARCHAR(255),
    card_message_id    VARCHAR(255),
    room_id            VARCHAR(255),
    source             VARCHAR(200)  NOT NULL,
    question           VARCHAR(4000),
    created_at         BIGINT        NOT NULL
);
CREATE INDEX feedback_requests_created_at ON feedback_requests (created_at);

-- One vote per person and answer: the first counts (the unique index refuses a second).
CREATE TABLE feedback (
    id                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    request_id         VARCHAR(64)   NOT NULL,
    answer_message_id  VARCHAR(255),
    source             VARCHAR(200)  NOT NULL,
    question           VARCHAR(4000),
    person_email       VARCHAR(320)  NOT NULL,
    person_id          VARCHAR(255),
    room_id            VARCHAR(255),
    rating             VARCHAR(16)   NOT NULL,
    comment            VARCHAR(2000),
    at                 BIGINT        NOT NULL
);
CREATE UNIQUE INDEX feedback_one_vote ON feedback (request_id, person_email);
CREATE INDEX feedback_at ON feedback (at);
