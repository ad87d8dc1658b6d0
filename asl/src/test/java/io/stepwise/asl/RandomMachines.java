package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * Seeded random state machines (every state type, random paths, intrinsics, JSONata, Retry/Catch, Task mocks) and
 * random JSON inputs, for {@link ExecutionPropertyTest}. Mostly valid: states form a chain (every state reachable), with Choice jumps forward and occasionally back (loops).
 */
final class RandomMachines {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:F";
    private static final String[] PATHS = {"$", "$.a", "$.b", "$.b[0]", "$.c.d", "$.l", "$.n", "$.s", "$.missing", "$$.Execution.Name", "$.l[*]"};
    private static final String[] INTRINSICS = {"States.Format('{} {}', $.s, $.n)", "States.ArrayLength($.l)", "States.MathAdd($.n, 1)",
            "States.JsonToString($)", "States.StringToJson($.s)", "States.Array($.a, $.n)", "States.ArrayGetItem($.l, $.n)",
            "States.Hash($.s, 'SHA-256')", "States.Base64Encode($.s)", "States.UUID()", "States.ArrayRange(1, $.n, 1)",
            "States.StringSplit($.s, ',')", "States.ArrayUnique($.l)", "States.ArrayPartition($.l, 2)", "States.MathRandom(1, 9)",
            "States.JsonMerge($.c, $.c, false)", "States.ArrayContains($.l, $.n)", "States.Base64Decode($.s)"};
    private static final String[] JSONATA = {"{% $states.input %}", "{% $states.input.n * 2 %}", "{% $count($states.input.l) %}",
            "{% $states.input.missing %}", "{% $string($states.input) %}", "{% $sum($states.input.l) %}", "{% $uuid() %}",
            "{% $number($states.input.s) %}", "{% {'k': $states.input.a} %}", "{% $partition([1,2,3], 2) %}", "{% $random(3) %}"};
    private static final String[] OPS = {"StringEquals", "NumericLessThan", "NumericEquals", "BooleanEquals", "IsPresent", "IsNull",
            "IsNumeric", "StringMatches", "TimestampLessThan", "StringEqualsPath", "NumericGreaterThanPath"};

    private final Random r;
    private final ObjectNode mocks = F.objectNode();
    private int taskCount;

    RandomMachines(Random r) { this.r = r; }

    ObjectNode mockConfig() {
        ObjectNode cases = F.objectNode(), responses = F.objectNode();
        mocks.properties().forEach(e -> { cases.put(e.getKey(), "R" + e.getKey()); responses.set("R" + e.getKey(), e.getValue()); });
        ObjectNode root = F.objectNode();
        root.putObject("StateMachines").putObject("golden").putObject("TestCases").set("default", cases);
        root.set("MockedResponses", responses);
        return root;
    }

    ObjectNode machine(int size, String prefix, int depth) {
        ObjectNode m = F.objectNode();
        if (r.nextInt(6) == 0) m.put("QueryLanguage", "JSONata");
        return states(m, size, prefix, depth, m.has("QueryLanguage"));
    }

    /** Branches and item processors inherit the enclosing query language. */
    private ObjectNode states(ObjectNode m, int size, String prefix, int depth, boolean jsonata) {
        m.put("StartAt", prefix + 0);
        ObjectNode states = m.putObject("States");
        for (int i = 0; i < size; i++) states.set(prefix + i, state(prefix, i, size, depth, jsonata));
        return m;
    }

    private ObjectNode state(String prefix, int i, int size, int depth, boolean jsonata) {
        if (i == size - 1) return r.nextBoolean() ? obj("Type", "Succeed") : fail();
        String next = prefix + (i + 1);
        ObjectNode s = switch (r.nextInt(depth > 1 ? 6 : 8)) {
            case 0, 1 -> pass(jsonata);
            case 2 -> choice(prefix, i, size, jsonata);
            case 3 -> wait(jsonata);
            case 4, 5 -> task(prefix + i, jsonata);
            case 6 -> map(prefix + i, depth, jsonata);
            default -> parallel(prefix + i, depth, jsonata);
        };
        String type = s.get("Type").textValue();
        if (!type.equals("Choice")) s.put("Next", next);
        if ((type.equals("Task") || type.equals("Map") || type.equals("Parallel")) && r.nextInt(3) == 0) {
            ObjectNode c = s.putArray("Catch").addObject();
            c.putArray("ErrorEquals").add(pick("States.ALL", "E", "States.TaskFailed", "Failed"));
            if (!jsonata && r.nextBoolean()) c.put("ResultPath", "$.err");
            c.put("Next", next);
        }
        return s;
    }

    private ObjectNode pass(boolean jsonata) {
        ObjectNode s = obj("Type", "Pass");
        if (jsonata) {
            if (r.nextBoolean()) s.put("Output", pick(JSONATA));
            return s;
        }
        if (r.nextInt(3) == 0) s.put("InputPath", pick(PATHS));
        if (r.nextInt(3) == 0) s.set("Parameters", template());
        if (r.nextInt(4) == 0) s.set("Result", json(2));
        if (r.nextInt(3) == 0) s.put("ResultPath", r.nextInt(4) == 0 ? null : pick("$", "$.r", "$.a.x", "$.r.q"));
        if (r.nextInt(4) == 0) s.put("OutputPath", pick(PATHS));
        if (r.nextInt(6) == 0) s.putObject("Assign").put("v.$", pick(PATHS));
        return s;
    }

    private ObjectNode template() {
        ObjectNode t = F.objectNode();
        t.put("p.$", pick(PATHS));
        if (r.nextBoolean()) t.put("i.$", pick(INTRINSICS));
        if (r.nextBoolean()) t.set("lit", json(1));
        return t;
    }

    private ObjectNode choice(String prefix, int i, int size, boolean jsonata) {
        ObjectNode s = obj("Type", "Choice");
        ObjectNode rule = s.putArray("Choices").addObject();
        if (jsonata) {
            rule.put("Condition", pick("{% $states.input.n > 1 %}", "{% true %}", "{% $states.input.s %}", "{% $exists($states.input.a) %}"));
        } else {
            rule.put("Variable", pick(PATHS));
            String op = pick(OPS);
            switch (op) {
                case "StringEquals", "StringMatches" -> rule.put(op, pick("x", "*", "a*"));
                case "NumericLessThan", "NumericEquals" -> rule.put(op, r.nextInt(5));
                case "TimestampLessThan" -> rule.put(op, "2024-01-01T00:00:00Z");
                case "StringEqualsPath", "NumericGreaterThanPath" -> rule.put(op, pick(PATHS));
                default -> rule.put(op, r.nextBoolean());
            }
        }
        // Mostly forward; sometimes back, which makes a loop that only the history limit or the data ends.
        rule.put("Next", prefix + (r.nextInt(8) == 0 && i > 0 ? r.nextInt(i) : i + 1 + r.nextInt(size - i - 1)));
        if (r.nextInt(4) > 0 || !rule.get("Next").textValue().equals(prefix + (i + 1))) s.put("Default", prefix + (i + 1));
        return s;
    }

    private ObjectNode wait(boolean jsonata) {
        ObjectNode s = obj("Type", "Wait");
        switch (r.nextInt(jsonata ? 2 : 4)) {
            case 0 -> s.put("Seconds", r.nextInt(100));
            case 1 -> s.put("Timestamp", "2024-01-0" + (1 + r.nextInt(5)) + "T00:00:00Z");
            case 2 -> s.put("SecondsPath", pick(PATHS));
            default -> s.put("TimestampPath", pick(PATHS));
        }
        return s;
    }

    private ObjectNode task(String name, boolean jsonata) {
        ObjectNode s = obj("Type", "Task");
        s.put("Resource", r.nextBoolean() ? LAMBDA : "arn:aws:states:::lambda:invoke");
        if (!jsonata && r.nextBoolean()) s.set("Parameters", template());
        if (!jsonata && r.nextInt(4) == 0) s.putObject("ResultSelector").put("x.$", pick(PATHS));
        if (jsonata && r.nextBoolean()) s.put("Output", pick(JSONATA));
        if (r.nextBoolean()) {
            ObjectNode retry = s.putArray("Retry").addObject();
            retry.putArray("ErrorEquals").add(pick("States.ALL", "E", "States.TaskFailed"));
            retry.put("MaxAttempts", r.nextInt(4));
            if (r.nextBoolean()) retry.put("JitterStrategy", "FULL");
        }
        ObjectNode responses = F.objectNode();
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
            if (r.nextInt(3) == 0) responses.putObject(String.valueOf(k)).putObject("Throw").put("Error", pick("E", "F", "States.Timeout")).put("Cause", "c");
            else responses.putObject(String.valueOf(k)).set("Return", json(2));
        }
        mocks.set(name, responses);
        taskCount++;
        return s;
    }

    private ObjectNode map(String name, int depth, boolean jsonata) {
        ObjectNode s = obj("Type", "Map");
        if (jsonata) s.put("Items", pick("{% $states.input.l %}", "{% [1,2,3] %}", "{% $states.input %}"));
        else s.put("ItemsPath", pick("$.l", "$", "$.a"));
        if (r.nextBoolean()) s.put("MaxConcurrency", r.nextInt(3));
        s.set("ItemProcessor", states(F.objectNode(), 1 + r.nextInt(3), name + "_", depth + 1, jsonata));
        return s;
    }

    private ObjectNode parallel(String name, int depth, boolean jsonata) {
        ObjectNode s = obj("Type", "Parallel");
        ArrayNode b = s.putArray("Branches");
        for (int k = 0; k < 1 + r.nextInt(2); k++) b.add(states(F.objectNode(), 1 + r.nextInt(3), name + "b" + k + "_", depth + 1, jsonata));
        return s;
    }

    private ObjectNode fail() {
        ObjectNode s = obj("Type", "Fail");
        s.put("Error", "Failed");
        return s;
    }

    /** Random JSON with the fields the path pool names. */
    ObjectNode input() {
        ObjectNode o = F.objectNode();
        if (r.nextInt(5) > 0) o.set("a", json(2));
        if (r.nextInt(5) > 0) o.set("b", r.nextBoolean() ? F.arrayNode().add(json(1)) : json(1));
        if (r.nextInt(5) > 0) o.putObject("c").set("d", json(1));
        if (r.nextInt(5) > 0) { ArrayNode l = o.putArray("l"); for (int i = 0; i < r.nextInt(4); i++) l.add(json(1)); }
        if (r.nextInt(5) > 0) o.put("n", r.nextInt(6) - 1);
        if (r.nextInt(5) > 0) o.put("s", pick("x", "a,b", "", "{\"k\":1}", "2024-01-01T00:00:00Z", "12"));
        return o;
    }

    JsonNode json(int depth) {
        return switch (r.nextInt(depth > 0 ? 8 : 6)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextInt(100) - 10);
            case 3 -> F.numberNode(r.nextDouble() * 10);
            case 4, 5 -> F.textNode(pick("x", "", "héllo", "a,b", "$.a"));
            case 6 -> { ArrayNode a = F.arrayNode(); for (int i = 0; i < r.nextInt(3); i++) a.add(json(depth - 1)); yield a; }
            default -> { ObjectNode o = F.objectNode(); for (int i = 0; i < r.nextInt(3); i++) o.set("k" + i, json(depth - 1)); yield o; }
        };
    }

    private String pick(String... options) { return options[r.nextInt(options.length)]; }

    private static ObjectNode obj(String k, String v) { return F.objectNode().put(k, v); }
}
