package io.stepwise.asl;

import java.util.List;
import java.util.Optional;

/**
 * One element of a Catch array. JSONPath states use {@code resultPath} (default {@code $}; empty = null, i.e.
 * keep the input and drop the error); JSONata states use {@code output} (default: the error output).
 */
public record Catcher(List<String> errorEquals, String next, Optional<ReferencePath> resultPath,
                      Optional<JsonataTemplate> output, Optional<Template> assign) {}
