package io.stepwise.asl;

import com.dashjoin.jsonata.Jsonata;

/**
 * Compiles one JSONata expression, rejecting what AWS rejects: the {@code ?:} and {@code ??} operators. A syntax
 * error's message is the JSONata parser's own, without its code: what AWS says (recorded).
 */
final class JsonataSyntax {
    private JsonataSyntax() {}

    static Jsonata compile(String expression, String pointer) throws SyntaxError {
        if (expression.isEmpty()) throw new SyntaxError("Unexpected end of expression", pointer);
        String code = outsideStrings(expression);
        for (String operator : new String[] {"?:", "??"}) {
            if (code.contains(operator)) {
                throw new SyntaxError("The JSONata expression '" + expression + "' uses the operator '" + operator
                        + "', which Step Functions does not support", pointer);
            }
        }
        try {
            Jsonata compiled = Jsonata.jsonata(expression);
            compiled.setOutputConvertNulls(false); // keep JSON null apart from undefined (Java null)
            return compiled;
        } catch (RuntimeException e) {
            throw new SyntaxError(e.getMessage(), pointer);
        }
    }

    /** The expression with string literals, backtick names and comments blanked out. */
    static String outsideStrings(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                out.append(' ');
                for (i++; i < s.length() && s.charAt(i) != c; i++) {
                    if (s.charAt(i) == '\\' && c != '`') i++;
                    out.append(' ');
                }
                out.append(' ');
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 1;
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
