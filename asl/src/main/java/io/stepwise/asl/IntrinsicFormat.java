package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * States.Format: {@code {}} placeholders ({@code \{ \}} are literal braces). Arguments render the way AWS's
 * JVM engine renders them: strings raw, objects as {@code Map.toString} ({@code {Arg1=1, Arg2=[]}}), arrays
 * as {@code List.toString} ({@code [1, 2]}).
 */
final class IntrinsicFormat {
    private IntrinsicFormat() {}

    static String format(Intrinsic f, IntrinsicArg templateArg, List<JsonNode> args) throws StatesError {
        String template = templateArg instanceof IntrinsicArg.Literal l ? l.raw() : textOf(f, args.getFirst());
        var out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) throw mismatch(f, args.size() - 1);
                out.append(render(args.get(next++)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) throw mismatch(f, args.size() - 1);
        return out.toString();
    }

    private static String textOf(Intrinsic f, JsonNode template) throws StatesError {
        if (!template.isTextual()) throw IntrinsicFunctions.failure(f, "the template must be a string");
        return template.textValue();
    }

    private static StatesError mismatch(Intrinsic f, int given) {
        return IntrinsicFunctions.failure(f, "the number of arguments (" + given
                + ") does not match the number of placeholders in the template");
    }

    static String render(JsonNode node) {
        if (node.isTextual()) return node.textValue();
        if (node.isObject()) {
            var out = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                out.append(field.getKey()).append('=').append(render(field.getValue()));
                if (fields.hasNext()) out.append(", ");
            }
            return out.append('}').toString();
        }
        if (node.isArray()) {
            var out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(", ");
                out.append(render(node.get(i)));
            }
            return out.append(']').toString();
        }
        return node.asText();
    }
}
