package io.stepwise.asl;

import java.util.Optional;

/**
 * A state's input/output processing, per query language. Defaults are resolved by the parser: an absent
 * InputPath/OutputPath/ResultPath becomes {@code $}; an explicit JSON {@code null} becomes {@code Optional.empty()}
 * (InputPath/OutputPath null = {}, ResultPath null = discard the result and keep the input).
 * Fields a state type does not allow are always empty.
 */
public sealed interface Io permits Io.JsonPath, Io.Jsonata {

    /** InputPath → Parameters → (task) → ResultSelector → ResultPath → OutputPath. */
    record JsonPath(Optional<ReferencePath> inputPath, Optional<PayloadTemplate> parameters,
                    Optional<PayloadTemplate> resultSelector, Optional<ReferencePath> resultPath,
                    Optional<ReferencePath> outputPath) implements Io {}

    /** Arguments → (task) → Output; both templates of {@code {% %}} expressions. */
    record Jsonata(Optional<JsonataTemplate> arguments, Optional<JsonataTemplate> output) implements Io {}
}
