package io.github.webexcamel.admin;

import java.time.Instant;
import java.util.List;

import io.github.webexcamel.gateway.governance.AuditRecord;

/** The audit log as CSV (RFC 4180 quoting; cells that a spreadsheet would run as formulas are defused). */
final class AuditCsv {

    private static final String HEADER = "time,person,space,space_type,command,sub_command,arguments,decision,approver,"
            + "outcome,status,detail,duration_ms,reply_message_id,event_id,approval_id";

    private AuditCsv() {
    }

    static String write(List<AuditRecord> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditRecord r : rows) {
            Object[] cells = { Instant.ofEpochMilli(r.at()), r.personEmail(), r.roomId(), r.roomType(), r.keyword(),
                    r.subCommand(), r.arguments(), r.decision(), r.approver(), r.outcome(), r.status(), r.detail(),
                    r.durationMs(), r.replyMessageId(), r.eventId(), r.approvalId() };
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(cell(cells[i]));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.matches(".*[\",\r\n].*") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
