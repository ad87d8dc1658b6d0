package io.stepwise.asl;

import java.util.ArrayList;
import java.util.List;

/** Splits a definite JSONPath ({@code $.a['b'][0]}) into names and indexes, for writing ResultPath. */
final class PathSteps {
    private PathSteps() {}

    /** The steps (String names, Integer indexes), or null when the path is not a simple reference path. */
    static List<Object> of(String path) {
        if (!path.startsWith("$")) return null;
        var steps = new ArrayList<Object>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') i++;
                if (start == i) return null;
                String name = path.substring(start, i);
                if (name.equals("*")) return null;
                steps.add(name);
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) return null;
                String inside = path.substring(i + 1, close).trim();
                if ((inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))
                        && inside.length() >= 2) {
                    // a quoted name may itself contain ']': find the matching quote instead
                    char quote = inside.charAt(0);
                    int end = path.indexOf(quote, i + 2);
                    close = path.indexOf(']', end);
                    if (end < 0 || close < 0) return null;
                    steps.add(path.substring(i + 2, end));
                } else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                i = close + 1;
            } else {
                return null;
            }
        }
        return steps;
    }
}
