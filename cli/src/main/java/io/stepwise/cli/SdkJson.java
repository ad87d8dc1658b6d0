package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An SDK response as the JSON the AWS CLI prints for it: members under their wire names ({@code taskFailedEventDetails}),
 * absent members left out, timestamps as ISO-8601. What {@code --json} prints.
 */
final class SdkJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SdkJson() {}

    static JsonNode of(Object value) {
        return switch (value) {
            case null -> F.nullNode();
            case SdkPojo pojo -> {
                ObjectNode o = F.objectNode();
                for (SdkField<?> field : pojo.sdkFields()) {
                    Object v = field.getValueOrDefault(pojo);
                    if (v != null && !(v instanceof SdkAutoConstructList<?>) && !(v instanceof SdkAutoConstructMap<?, ?>)) {
                        o.set(field.locationName(), of(v));
                    }
                }
                yield o;
            }
            case List<?> list -> {
                ArrayNode a = F.arrayNode();
                list.forEach(x -> a.add(of(x)));
                yield a;
            }
            case Map<?, ?> map -> {
                ObjectNode o = F.objectNode();
                map.forEach((k, v) -> o.set(String.valueOf(k), of(v)));
                yield o;
            }
            case String s -> F.textNode(s);
            case Boolean b -> F.booleanNode(b);
            case Integer i -> F.numberNode(i);
            case Long l -> F.numberNode(l);
            case Double d -> F.numberNode(d);
            case Float f -> F.numberNode(f);
            case BigDecimal d -> F.numberNode(d);
            case Instant t -> F.textNode(t.toString());
            case SdkBytes b -> F.textNode(b.asUtf8String());
            default -> F.textNode(value.toString());
        };
    }
}
