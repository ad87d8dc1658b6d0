package io.stepwise.asl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code States.Name(arg, ...)}: string literals in single quotes with {@code \' \{ \} \\} escapes,
 * numbers, {@code null}, {@code true}/{@code false}, paths ({@code $.a}, {@code $$.b}, {@code $var}) and nested calls.
 */
final class IntrinsicParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String text;
    private int pos;

    private IntrinsicParser(String text) { this.text = text; }

    static boolean looksLikeCall(String text) { return text.startsWith("States."); }

    static IntrinsicArg.Call parse(String text) throws SyntaxError {
        var parser = new IntrinsicParser(text);
        var call = parser.call();
        parser.spaces();
        if (parser.pos != text.length()) throw parser.error("unexpected text after the closing ')'");
        return call;
    }

    private IntrinsicArg.Call call() throws SyntaxError {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
        String name = text.substring(start, pos);
        var function = Intrinsic.named(name);
        if (function == null) throw error("unknown intrinsic function '" + name + "'");
        spaces();
        expect('(');
        var args = new ArrayList<IntrinsicArg>();
        spaces();
        if (peek() == ')') {
            pos++;
        } else {
            while (true) {
                spaces();
                args.add(argument());
                spaces();
                char c = peek();
                pos++;
                if (c == ')') break;
                if (c != ',') throw error("expected ',' or ')'");
            }
        }
        function.checkArity(args.size());
        function.checkLiterals(args);
        return new IntrinsicArg.Call(function, List.copyOf(args));
    }

    private IntrinsicArg argument() throws SyntaxError {
        char c = peek();
        if (c == '\'') return string();
        if (c == '$') return path();
        if (text.startsWith("States.", pos)) return call();
        if (c == '-' || Character.isDigit(c)) return number();
        for (String word : List.of("null", "true", "false")) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                var value = word.equals("null") ? NODES.nullNode() : NODES.booleanNode(word.equals("true"));
                return new IntrinsicArg.Literal(value, word);
            }
        }
        throw error("unexpected argument");
    }

    private IntrinsicArg string() throws SyntaxError {
        pos++;
        var value = new StringBuilder();
        var raw = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string literal");
            char c = text.charAt(pos++);
            if (c == '\'') break;
            if (c == '\\') {
                if (pos >= text.length()) throw error("unterminated escape");
                char next = text.charAt(pos++);
                value.append(next);
                raw.append(c).append(next);
            } else {
                value.append(c);
                raw.append(c);
            }
        }
        return new IntrinsicArg.Literal(NODES.textNode(value.toString()), raw.toString());
    }

    private IntrinsicArg number() throws SyntaxError {
        int start = pos;
        if (peek() == '-') pos++;
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) pos++;
        String literal = text.substring(start, pos);
        try {
            var decimal = new BigDecimal(literal);
            var value = literal.matches("-?\\d+") && decimal.toBigInteger().bitLength() < 64
                    ? IntrinsicFunctions.integral(decimal.longValueExact()) : NODES.numberNode(decimal.doubleValue());
            return new IntrinsicArg.Literal(value, literal);
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("invalid number '" + literal + "'");
        }
    }

    private IntrinsicArg path() throws SyntaxError {
        int start = pos;
        int depth = 0;
        char quote = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (depth == 0) break;
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            pos++;
        }
        return new IntrinsicArg.Path(ReferencePath.compile(text.substring(start, pos).strip()));
    }

    private void spaces() { while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++; }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\0'; }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private SyntaxError error(String what) {
        return new SyntaxError("Invalid intrinsic function '" + text + "': " + what + " at position " + pos);
    }
}
