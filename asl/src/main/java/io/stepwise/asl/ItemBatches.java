package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * ItemBatcher (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html): consecutive items
 * grouped up to MaxItemsPerBatch and MaxInputBytesPerBatch (default 256 KiB), each batch one iteration's input.
 */
final class ItemBatches {
    private ItemBatches() {}

    /** ItemBatcher: {@code {"Items": [...], "BatchInput": ...}} per batch, by count and serialised size. */
    static List<JsonNode> of(MapState.ItemBatcher b, List<JsonNode> items, Scope scope) throws StatesError {
        long maxItems = MapLimits.integer(b.maxItemsPerBatch(), scope, "MaxItemsPerBatch", false, Integer.MAX_VALUE);
        long maxBytes = MapLimits.integer(b.maxInputBytesPerBatch(), scope, "MaxInputBytesPerBatch", false, 256 * 1024);
        JsonNode batchInput = b.batchInput().isEmpty() ? null : b.batchInput().get().evaluate(scope);
        List<JsonNode> out = new ArrayList<>();
        ArrayNode current = null;
        long bytes = 0;
        for (JsonNode item : items) {
            long size = DataFlow.json(item).length() + 1;
            if (current == null || current.size() >= maxItems || (!current.isEmpty() && bytes + size > maxBytes)) {
                ObjectNode batch = DataFlow.F.objectNode();
                if (batchInput != null) batch.set("BatchInput", batchInput);
                current = batch.putArray("Items");
                out.add(batch);
                bytes = 0;
            }
            current.add(item);
            bytes += size;
        }
        return out;
    }

}
