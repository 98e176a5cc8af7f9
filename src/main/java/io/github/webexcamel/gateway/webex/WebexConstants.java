package io.github.webexcamel.gateway.webex;

import java.util.List;
import java.util.Map;

import org.apache.camel.spi.Metadata;

/**
 * The exchange contract between the {@code webex} component and routes. Headers carry only ids and
 * metadata Webex itself produced; everything the user typed travels in exchange variables, because a
 * non-{@code Camel*} header would be forwarded as an HTTP header by camel-http and friends.
 */
public final class WebexConstants {

    @Metadata(description = "Activity verb: post, share, update or cardAction", javaType = "String")
    public static final String VERB = "CamelWebexVerb";
    @Metadata(description = "Unique id of the event: the message id, or for a cardAction the attachment action id",
              javaType = "String")
    public static final String EVENT_ID = "CamelWebexEventId";
    @Metadata(description = "Public id of the room (space) the event happened in", javaType = "String")
    public static final String ROOM_ID = "CamelWebexRoomId";
    @Metadata(description = "Room type: direct (1:1) or group", javaType = "String")
    public static final String ROOM_TYPE = "CamelWebexRoomType";
    @Metadata(description = "Public person id of the sender", javaType = "String")
    public static final String PERSON_ID = "CamelWebexPersonId";
    @Metadata(description = "E-mail address of the sender", javaType = "String")
    public static final String PERSON_EMAIL = "CamelWebexPersonEmail";
    @Metadata(description = "Public id of the message (for cardAction: the card message)", javaType = "String")
    public static final String MESSAGE_ID = "CamelWebexMessageId";
    @Metadata(description = "Public id of the thread root the reply belongs in (absent: not threaded)", javaType = "String")
    public static final String PARENT_ID = "CamelWebexParentId";
    @Metadata(description = "Public id of the attachment action of a cardAction", javaType = "String")
    public static final String ATTACHMENT_ACTION_ID = "CamelWebexAttachmentActionId";
    @Metadata(description = "The registered command keyword the message matched, without the leading slash", javaType = "String")
    public static final String COMMAND = "CamelWebexCommand";
    @Metadata(description = "Producer: id of the message to edit instead of posting a new one", javaType = "String")
    public static final String EDIT_MESSAGE_ID = "CamelWebexEditMessageId";
    @Metadata(description = "Producer: send to this person's 1:1 space instead of the room", javaType = "String")
    public static final String TO_PERSON_EMAIL = "CamelWebexToPersonEmail";
    @Metadata(description = "Producer: the public id of the message that was posted", javaType = "String")
    public static final String SENT_MESSAGE_ID = "CamelWebexSentMessageId";
    @Metadata(description = "Producer: post (default), edit, repost (the body is a message, or a list of them, exactly as"
            + " Webex takes it: what the reply outbox kept), delete, get (a message), listThread (messages of the thread"
            + " CamelWebexParentId in CamelWebexRoomId), isMember (CamelWebexPersonEmail in CamelWebexRoomId), getPerson,"
            + " getRoom, listWebhooks, createWebhook (Map body), updateWebhook (CamelWebexTargetId, Map body),"
            + " deleteWebhook (CamelWebexTargetId)", javaType = "String")
    public static final String OPERATION = "CamelWebexOperation";
    @Metadata(description = "Producer: the id a delete, get, getPerson, getRoom, updateWebhook or deleteWebhook operation"
            + " acts on", javaType = "String")
    public static final String TARGET_ID = "CamelWebexTargetId";
    @Metadata(description = "Producer: mentions a posted markdown may keep live (comma-separated e-mails, person ids or"
            + " 'all'); every other mention and HTML tag is neutralized", javaType = "String")
    public static final String ALLOW_MENTIONS = "CamelWebexAllowMentions";
    @Metadata(description = "Exchange property: the event was taken over from a replica that died while running it, which"
            + " first claimed it at this epoch millisecond; a post that replica already made is not made again", javaType = "Long")
    public static final String RECOVERED_SINCE = "CamelWebexRecoveredSince";
    @Metadata(description = "Exchange property: set when Webex kept refusing a post (5xx, 429, 423 or no answer) for the"
            + " whole camel.component.webex.write-retry-budget; the messages, as Webex takes them, it has not accepted (for the reply outbox)",
            javaType = "java.util.List")
    public static final String UNDELIVERED = "CamelWebexUndelivered";
    @Metadata(description = "Sender kind from the activity: PERSON or BOT (absent when the event did not say)", javaType = "String")
    public static final String PERSON_TYPE = "CamelWebexPersonType";

    /** Variable: the message text with the leading bot mention removed. */
    public static final String VAR_TEXT = "webexText";
    /** Variable: the text after the command keyword (trimmed). */
    public static final String VAR_ARGS = "webexArgs";
    /** Variable: {@link List} of positional arguments (quotes honoured, key=value pairs excluded). */
    public static final String VAR_ARGV = "webexArgv";
    /** Variable: {@link Map} of key=value arguments. */
    public static final String VAR_OPTIONS = "webexOptions";
    /** Variable: {@link Map} of card inputs of a cardAction. */
    public static final String VAR_INPUTS = "webexInputs";
    /** Variable: {@link List} of shared files, each a map with url, name, contentType, size. */
    public static final String VAR_FILES = "webexFiles";
    /** Variable set by commands: name of a card template under routes/cards (without .json). */
    public static final String VAR_CARD = "webexCard";
    /** Variable set by commands: fallback text for clients that cannot render the card. */
    public static final String VAR_FALLBACK = "webexFallback";
    /** Variable set by commands: text or markdown (default markdown). */
    public static final String VAR_FORMAT = "webexFormat";

    private WebexConstants() {
    }
}
