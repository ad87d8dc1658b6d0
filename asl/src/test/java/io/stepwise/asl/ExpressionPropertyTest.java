package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random JSON through random paths, templates and expressions: only values, SyntaxError or StatesError. */
class ExpressionPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("a", "b", "c", "odd key", "x.y");
    private static final List<String> INTRINSICS = List.of("States.Format", "States.StringToJson",
            "States.JsonToString", "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange",
            "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode",
            "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd",
            "States.StringSplit", "States.UUID");
    private static final List<String> JSONATA = List.of("$states.input.a", "$states.input.b[0]", "$sum($states.input.*)",
            "$count($states.input.a)", "$partition($states.input.a, 2)", "$range(0, $states.input.c, 1)",
            "$hash($states.input.b, 'MD5')", "$parse($states.input.b)", "$random($states.input.c)", "$uuid()",
            "$states.input.a + 1", "$string($states.input)", "$keys($states.input)", "$states.input.a & 'x'",
            "$states.input.c ? 1 : 2", "$states.input.b.c[$ > 1]", "$now()", "($v := $states.input.a; $v * 2)");

    @Test
    void random_paths_templates_and_expressions_only_yield_values_or_states_errors() {
        var random = new Random(20261124);
        int[] values = new int[1];
        for (int i = 0; i < 3000; i++) {
            JsonNode input = json(random, 3);
            Scope scope = Json.scope(input);
            String path = path(random);
            check("path " + path + " on " + input, () -> {
                var compiled = ReferencePath.compile(path);
                compiled.find(scope);
                compiled.read(scope);
                if (compiled.isReferencePath() && !compiled.text().startsWith("$$")) {
                    JsonNode value = json(random, 1);
                    JsonNode written = compiled.write(input, value);
                    assertThat(compiled.read(Json.scope(written))).as(path + " on " + input).isEqualTo(value);
                }
            }, values);
            String call = call(random, 2);
            check("intrinsic " + call + " on " + input,
                    () -> PayloadTemplate.compile(NODES.objectNode().put("v.$", call)).evaluate(scope), values);
            String expression = expression(random);
            check("jsonata " + expression + " on " + input,
                    () -> JsonataTemplate.compile(NODES.objectNode().put("v", "{% " + expression + " %}")).evaluate(scope),
                    values);
        }
        // the generators must reach real evaluation often, not only errors
        assertThat(values[0]).isGreaterThan(2000);
    }

    interface Body { void run() throws Exception; }

    private static void check(String what, Body body, int[] values) {
        try {
            body.run();
            values[0]++;
        } catch (SyntaxError | StatesError expected) {
            // allowed outcomes
        } catch (Exception | Error e) {
            if (e instanceof AssertionError a) throw a;
            fail(what + " threw " + e, e);
        }
    }

    private static JsonNode json(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 5);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(21) - 10);
            case 3 -> NODES.numberNode(random.nextInt(100) / 8.0);
            case 4 -> NODES.textNode(List.of("", "a,b", "{\"c\": 1}", "RGF0YQ==", "[1", "x").get(random.nextInt(6)));
            case 5, 6 -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) object.set(KEYS.get(random.nextInt(KEYS.size())), json(random, depth - 1));
                yield object;
            }
            default -> {
                var array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) array.add(json(random, depth - 1));
                yield array;
            }
        };
    }

    private static String path(Random random) {
        var out = new StringBuilder(List.of("$", "$", "$", "$$", "$v").get(random.nextInt(5)));
        for (int i = random.nextInt(4); i > 0; i--) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            out.append(switch (random.nextInt(9)) {
                case 0 -> "[*]";
                case 1 -> "..a";
                case 2 -> "[" + (random.nextInt(5) - 1) + "]";
                case 3 -> "[?(@.a > 1)]";
                case 4 -> "[0:2]";
                case 5 -> "['" + key + "']";
                case 6 -> random.nextBoolean() ? "[" : ".";
                default -> key.matches("\\w+") ? "." + key : "['" + key + "']";
            });
        }
        return out.toString();
    }

    private static String call(Random random, int depth) {
        String name = INTRINSICS.get(random.nextInt(INTRINSICS.size()));
        var out = new StringBuilder(name).append('(');
        for (int i = random.nextInt(4); i > 0; i--) {
            out.append(switch (random.nextInt(depth > 0 ? 7 : 6)) {
                case 0 -> "'{} a\\'b'";
                case 1 -> String.valueOf(random.nextInt(7) - 2);
                case 2 -> "1.5";
                case 3 -> List.of("null", "true", "false", "'SHA-256'").get(random.nextInt(4));
                case 4, 5 -> path(random);
                default -> call(random, depth - 1);
            });
            if (i > 1) out.append(", ");
        }
        return out.append(')').toString();
    }

    private static String expression(Random random) {
        String first = JSONATA.get(random.nextInt(JSONATA.size()));
        if (random.nextInt(3) > 0) return first;
        return first + List.of(" + ", " & ", " = ", " and ", " ?: ", ", ").get(random.nextInt(6))
                + JSONATA.get(random.nextInt(JSONATA.size()));
    }
}
