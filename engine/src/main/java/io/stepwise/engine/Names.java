package io.stepwise.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** AWS's rules for names, and the opaque page tokens of the List operations. */
final class Names {
    private Names() {}

    /**
     * State machine, execution and activity names (https://docs.aws.amazon.com/step-functions/latest/apireference/
     * API_CreateStateMachine.html): 1-80 characters, no white space, brackets, wildcards, punctuation that ARNs or
     * URLs use, or control characters.
     */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/"
            + "\\x{0000}-\\x{001F}\\x{007F}-\\x{009F}\\x{FFFE}\\x{FFFF}]");
    private static final Pattern ALIAS = Pattern.compile("^(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]+$");

    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 80
                || FORBIDDEN.matcher(name).find() || name.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
            throw StepFunctionsError.of("InvalidName", "Invalid Name: '" + name + "'");
        }
        return name;
    }

    static String checkAliasName(String name) {
        if (name.length() > 80) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + name + "' at 'name' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 80");
        }
        if (!ALIAS.matcher(name).matches()) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + name + "' at 'name' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: "
                    + "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        }
        return name;
    }

    /** An opaque page token carrying where the next page starts. */
    static String token(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p1:" + position).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> position(Optional<String> token) {
        if (token.isEmpty()) return Optional.empty();
        try {
            String s = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
            if (s.startsWith("p1:")) return Optional.of(s.substring(3));
        } catch (IllegalArgumentException ignored) {
            // not one of ours
        }
        throw StepFunctionsError.of("InvalidToken", "Invalid Token: 'Invalid token'");
    }

    static long positionNumber(Optional<String> token, long none) {
        Optional<String> p = position(token);
        if (p.isEmpty()) return none;
        try {
            return Long.parseLong(p.get());
        } catch (NumberFormatException e) {
            throw StepFunctionsError.of("InvalidToken", "Invalid Token: 'Invalid token'");
        }
    }

    /** maxResults: 0 or absent means 100; above 1000 is refused as AWS refuses it. */
    static int pageSize(Optional<Integer> maxResults, int max) {
        int n = maxResults.orElse(0);
        if (n < 0) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + n + "' at 'maxResults' failed "
                    + "to satisfy constraint: Member must have value greater than or equal to 0");
        }
        if (n > max) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + n + "' at 'maxResults' failed "
                    + "to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return n == 0 ? 100 : n;
    }
}
