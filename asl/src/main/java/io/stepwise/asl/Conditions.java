package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.ChoiceState.Comparison;
import io.stepwise.asl.ChoiceState.Condition;
import io.stepwise.asl.ChoiceState.Operator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Evaluates Choice rules (https://states-language.net/spec.html#choice-state). A comparison whose types do not match
 * is false; a Variable (or a {@code ...Path} operand) that selects nothing is a States.Runtime error, except for
 * IsPresent.
 */
final class Conditions {
    private Conditions() {}

    static boolean test(Condition condition, Scope scope) throws StatesError {
        return switch (condition) {
            case ChoiceState.And and -> {
                for (Condition c : and.conditions()) if (!test(c, scope)) yield false;
                yield true;
            }
            case ChoiceState.Or or -> {
                for (Condition c : or.conditions()) if (test(c, scope)) yield true;
                yield false;
            }
            case ChoiceState.Not not -> !test(not.condition(), scope);
            case Comparison c -> compare(c, scope);
            case ChoiceState.JsonataCondition j -> {
                JsonNode v = j.condition().evaluate(scope);
                if (!v.isBoolean()) {
                    throw new StatesError("States.QueryEvaluationError", "The Condition must evaluate to a boolean, "
                            + "but returned " + DataFlow.json(v), "Condition");
                }
                yield v.booleanValue();
            }
        };
    }

    private static boolean compare(Comparison c, Scope scope) throws StatesError {
        Optional<JsonNode> found = c.variable().isWholeInput() ? Optional.of(scope.input()) : c.variable().find(scope);
        if (c.operator() == Operator.IS_PRESENT) {
            return found.isPresent() == ((ChoiceState.Literal) c.operand()).value().booleanValue();
        }
        if (found.isEmpty()) {
            throw new StatesError("States.Runtime", "Invalid path '" + c.variable().text()
                    + "': The choice state's condition path references an invalid value.");
        }
        JsonNode v = found.get();
        JsonNode operand = switch (c.operand()) {
            case ChoiceState.Literal l -> l.value();
            case ChoiceState.PathOperand p -> {
                Optional<JsonNode> o = p.path().find(scope);
                if (o.isEmpty()) {
                    throw new StatesError("States.Runtime", "Invalid path '" + p.path().text()
                            + "': The choice state's condition path references an invalid value.");
                }
                yield o.get();
            }
        };
        return switch (c.operator()) {
            case IS_PRESENT -> true;
            case IS_NULL -> v.isNull() == operand.booleanValue();
            case IS_NUMERIC -> v.isNumber() == operand.booleanValue();
            case IS_STRING -> v.isTextual() == operand.booleanValue();
            case IS_BOOLEAN -> v.isBoolean() == operand.booleanValue();
            case IS_TIMESTAMP -> (v.isTextual() && Timestamps.isValid(v.textValue())) == operand.booleanValue();
            case STRING_EQUALS -> strings(v, operand) && v.textValue().equals(operand.textValue());
            case STRING_LESS_THAN -> strings(v, operand) && v.textValue().compareTo(operand.textValue()) < 0;
            case STRING_GREATER_THAN -> strings(v, operand) && v.textValue().compareTo(operand.textValue()) > 0;
            case STRING_LESS_THAN_EQUALS -> strings(v, operand) && v.textValue().compareTo(operand.textValue()) <= 0;
            case STRING_GREATER_THAN_EQUALS -> strings(v, operand) && v.textValue().compareTo(operand.textValue()) >= 0;
            case STRING_MATCHES -> strings(v, operand) && matches(v.textValue(), operand.textValue());
            case NUMERIC_EQUALS -> numbers(v, operand) && v.decimalValue().compareTo(operand.decimalValue()) == 0;
            case NUMERIC_LESS_THAN -> numbers(v, operand) && v.decimalValue().compareTo(operand.decimalValue()) < 0;
            case NUMERIC_GREATER_THAN -> numbers(v, operand) && v.decimalValue().compareTo(operand.decimalValue()) > 0;
            case NUMERIC_LESS_THAN_EQUALS -> numbers(v, operand) && v.decimalValue().compareTo(operand.decimalValue()) <= 0;
            case NUMERIC_GREATER_THAN_EQUALS -> numbers(v, operand)
                    && v.decimalValue().compareTo(operand.decimalValue()) >= 0;
            case BOOLEAN_EQUALS -> v.isBoolean() && operand.isBoolean() && v.booleanValue() == operand.booleanValue();
            case TIMESTAMP_EQUALS -> timestamps(v, operand) == 0;
            case TIMESTAMP_LESS_THAN -> timestamps(v, operand) < 0;
            case TIMESTAMP_GREATER_THAN -> timestamps(v, operand) > 0 && timestamps(v, operand) != NOT_TIMESTAMPS;
            case TIMESTAMP_LESS_THAN_EQUALS -> timestamps(v, operand) <= 0;
            case TIMESTAMP_GREATER_THAN_EQUALS -> timestamps(v, operand) >= 0 && timestamps(v, operand) != NOT_TIMESTAMPS;
        };
    }

    private static final int NOT_TIMESTAMPS = Integer.MAX_VALUE;

    private static boolean strings(JsonNode a, JsonNode b) { return a.isTextual() && b.isTextual(); }

    private static boolean numbers(JsonNode a, JsonNode b) { return a.isNumber() && b.isNumber(); }

    /** Compares two RFC 3339 timestamps by instant; NOT_TIMESTAMPS (false for every operator) when either is not one. */
    private static int timestamps(JsonNode a, JsonNode b) {
        if (!strings(a, b) || !Timestamps.isValid(a.textValue()) || !Timestamps.isValid(b.textValue())) {
            return NOT_TIMESTAMPS;
        }
        try {
            return Integer.signum(OffsetDateTime.parse(a.textValue()).toInstant()
                    .compareTo(OffsetDateTime.parse(b.textValue()).toInstant()));
        } catch (DateTimeParseException e) {
            return NOT_TIMESTAMPS;
        }
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static boolean matches(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (ch == '*') {
                if (!literal.isEmpty()) regex.append(java.util.regex.Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(".*");
            } else {
                literal.append(ch);
            }
        }
        if (!literal.isEmpty()) regex.append(java.util.regex.Pattern.quote(literal.toString()));
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(text).matches();
    }
}
