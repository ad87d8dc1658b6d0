package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One argument of an intrinsic function call: a literal, a path, or a nested call. */
sealed interface IntrinsicArg {
    /** A literal; {@code raw} keeps a string literal's escapes ({@code \{}) for States.Format's template. */
    record Literal(JsonNode value, String raw) implements IntrinsicArg {}
    record Path(ReferencePath path) implements IntrinsicArg {}
    record Call(Intrinsic function, List<IntrinsicArg> args) implements IntrinsicArg {}
}
