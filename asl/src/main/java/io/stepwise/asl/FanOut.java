package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One run of a Parallel or Map state: its children and their results (filled by index, no copying). */
final class FanOut {
    final Frame parent;
    final boolean map;
    final int total;
    final JsonNode[] results;
    final Set<Frame> running = new LinkedHashSet<>();
    final Frame[] children;           // by index, from its start until it succeeds: what a redrive runs again
    final java.util.ArrayDeque<Frame> redriven = new java.util.ArrayDeque<>();   // Map: waiting for a slot
    int started;
    int finished;
    int failed;
    int maxConcurrency;               // 0 = unlimited
    // Map only
    List<JsonNode> items;
    List<String> keys;                // when the items came from a JSON object: its field names
    JsonNode selectorInput;           // the input ItemSelector sees as $ / $states.input
    boolean distributed;
    long toleratedCount = -1;         // -1: not set
    double toleratedPercentage = -1;

    FanOut(Frame parent, boolean map, int total) {
        this.parent = parent;
        this.map = map;
        this.total = total;
        this.results = new JsonNode[total];
        this.children = new Frame[total];
    }
}
