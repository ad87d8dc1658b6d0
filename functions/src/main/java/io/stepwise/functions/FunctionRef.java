package io.stepwise.functions;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function as callers name it: {@code NAME}, {@code NAME:QUALIFIER}, a partial ARN
 * ({@code 123456789012:function:NAME}) or a full ARN ({@code arn:aws:lambda:us-east-1:123456789012:function:NAME[:QUALIFIER]}),
 * plus the separate {@code Qualifier} parameter; both qualifiers must agree when both are given.
 */
public record FunctionRef(String name, Optional<String> qualifier) {
    private static final Pattern FORM = Pattern.compile(
            "(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(?:\\d{12}:)?(?:function:)?([a-zA-Z0-9-_]{1,64})(?::(\\$LATEST|[a-zA-Z0-9-_]{1,128}))?");

    public static FunctionRef parse(String nameOrArn, Optional<String> qualifier) {
        Matcher m = FORM.matcher(nameOrArn == null ? "" : nameOrArn);
        if (!m.matches()) {
            throw LambdaError.validation("Value '" + nameOrArn + "' at 'functionName' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
                    + "(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        Optional<String> fromName = Optional.ofNullable(m.group(2));
        Optional<String> q = qualifier.filter(s -> !s.isEmpty());
        if (fromName.isPresent() && q.isPresent() && !fromName.equals(q)) {
            throw LambdaError.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }
        return new FunctionRef(m.group(1), fromName.or(() -> q));
    }

    public static FunctionRef parse(String nameOrArn) {
        return parse(nameOrArn, Optional.empty());
    }
}
