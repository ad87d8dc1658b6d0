package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * History events (as {@link SdkJson} renders them) as readable rows: id, type, the state it belongs to (with the Map
 * item's index), the time of day, the time since the execution started, and a one-line detail (the error and cause,
 * the resource, the item count, or the input/output cut short). An event names its state only when it enters or
 * leaves it, so the others inherit the state of the event before them ({@code previousEventId}): feed events in
 * ascending order.
 */
final class HistoryRows {
    static final String[] HEADER = {"ID", "TYPE", "STATE", "TIME", "ELAPSED", "DETAIL"};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int DETAIL = 80;

    record Row(long id, String type, String state, Instant time, Duration elapsed, String detail) {
        Object[] cells() {
            return new Object[] {id, type, state.isEmpty() ? "-" : state, CLOCK.format(time), HistoryRows.since(elapsed), detail.isEmpty() ? "-" : detail};
        }

        /** One line of {@code --follow}, in columns wide enough for most events. */
        String line() {
            return String.format(Locale.ROOT, "%6d  %-26s %-24s %s %9s  %s", id, type, state.isEmpty() ? "-" : state,
                    CLOCK.format(time), HistoryRows.since(elapsed), detail).stripTrailing();
        }
    }

    /** The state an event belongs to, and the index of the Map item it runs in (-1: none). */
    private record Where(String state, long item) {}

    private final Map<Long, Where> where = new HashMap<>();
    private final Map<String, Where> mapStates = new HashMap<>(); // where each Map state was entered
    private final Instant start;

    HistoryRows(Instant start) {
        this.start = start;
    }

    Row row(JsonNode event) {
        long id = event.path("id").asLong();
        String type = event.path("type").asText();
        Instant time = Instant.parse(event.path("timestamp").asText(start.toString()));
        JsonNode details = details(event);
        Where before = where.getOrDefault(event.path("previousEventId").asLong(), new Where("", -1));
        Where here;
        if (type.startsWith("MapIteration")) here = new Where(details.path("name").asText(), details.path("index").asLong(-1));
        else if (type.startsWith("Execution")) here = new Where("", -1);
        else if (type.startsWith("MapState")) { // after its iterations: back to where the Map state itself runs
            String name = details.path("name").asText(before.state());
            if (type.equals("MapStateEntered")) mapStates.put(name, new Where(name, before.item()));
            here = mapStates.getOrDefault(name, new Where(name, -1));
        } else if (details.path("name").isTextual()) here = new Where(details.path("name").asText(), before.item());
        else here = before;
        where.put(id, here);
        String state = here.state() + (here.item() >= 0 ? " [" + here.item() + "]" : "");
        return new Row(id, type, state, time, Duration.between(start, time), detail(type, details));
    }

    private static JsonNode details(JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            var f = it.next();
            if (f.getKey().endsWith("EventDetails")) return f.getValue();
        }
        return Json.MAPPER.missingNode();
    }

    private static String detail(String type, JsonNode d) {
        if (d.has("error") || d.has("cause")) {
            String error = d.path("error").asText("");
            String cause = d.path("cause").asText("");
            return cut(error.isEmpty() ? cause : cause.isEmpty() ? error : error + ": " + cause);
        }
        if (type.equals("MapStateStarted")) return d.path("length").asLong() + " items";
        if (type.endsWith("Scheduled")) {
            String function = Json.parse(d.path("parameters").asText("{}")).path("FunctionName").asText("");
            return (d.has("resourceType") ? d.path("resourceType").asText() + ":" : "") + d.path("resource").asText()
                    + (function.isEmpty() ? "" : " " + function);
        }
        if (d.has("output")) return cut(d.path("output").asText());
        if (d.has("input")) return cut(d.path("input").asText());
        if (d.has("resourceType")) return d.path("resourceType").asText() + ":" + d.path("resource").asText();
        return "";
    }

    private static String cut(String s) {
        String one = s.replaceAll("\\s*\\n\\s*", " ").strip();
        return one.length() <= DETAIL ? one : one.substring(0, DETAIL - 3) + "...";
    }

    static String since(Duration d) {
        return String.format(Locale.ROOT, "+%.3fs", d.toNanos() / 1e9);
    }
}
