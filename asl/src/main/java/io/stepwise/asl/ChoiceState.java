package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Choice: picks the Next state from the first matching rule, else Default, else fails (States.NoChoiceMatched). */
public record ChoiceState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io,
                          List<Rule> choices, Optional<String> defaultState, Optional<Template> assign) implements State {

    /** A top-level rule: a condition plus where to go (and, for JSONata, Output; Assign in both). */
    public record Rule(Condition condition, String next, Optional<JsonataTemplate> output,
                       Optional<Template> assign) {}

    /** A boolean expression: JSONPath comparisons and combinators, or a JSONata {@code Condition}. */
    public sealed interface Condition permits And, Or, Not, Comparison, JsonataCondition {}
    public record And(List<Condition> conditions) implements Condition {}
    public record Or(List<Condition> conditions) implements Condition {}
    public record Not(Condition condition) implements Condition {}
    /** {@code Variable} compared by {@code operator} to a literal, or to another path for the {@code ...Path} forms. */
    public record Comparison(ReferencePath variable, Operator operator, Operand operand) implements Condition {}
    public record JsonataCondition(JsonataTemplate condition) implements Condition {}

    public sealed interface Operand permits Literal, PathOperand {}
    public record Literal(JsonNode value) implements Operand {}
    public record PathOperand(ReferencePath path) implements Operand {}

    /** Every comparison operator; the {@code ...Path} variants are the same operator with a {@link PathOperand}. */
    public enum Operator {
        STRING_EQUALS("StringEquals"), STRING_LESS_THAN("StringLessThan"), STRING_GREATER_THAN("StringGreaterThan"),
        STRING_LESS_THAN_EQUALS("StringLessThanEquals"), STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals"),
        STRING_MATCHES("StringMatches"),
        NUMERIC_EQUALS("NumericEquals"), NUMERIC_LESS_THAN("NumericLessThan"), NUMERIC_GREATER_THAN("NumericGreaterThan"),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals"), NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals"),
        BOOLEAN_EQUALS("BooleanEquals"),
        TIMESTAMP_EQUALS("TimestampEquals"), TIMESTAMP_LESS_THAN("TimestampLessThan"),
        TIMESTAMP_GREATER_THAN("TimestampGreaterThan"), TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals"),
        TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals"),
        IS_NULL("IsNull"), IS_PRESENT("IsPresent"), IS_NUMERIC("IsNumeric"), IS_STRING("IsString"),
        IS_BOOLEAN("IsBoolean"), IS_TIMESTAMP("IsTimestamp");

        private final String aslName;
        Operator(String aslName) { this.aslName = aslName; }
        /** The field name in ASL, e.g. {@code StringEquals} (the path form appends {@code Path}). */
        public String aslName() { return aslName; }
    }
}
