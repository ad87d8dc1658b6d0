package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Parsing never throws: every valid golden definition, cut, spliced and corrupted at seeded random places. */
class ParserRobustnessTest {
    private static final String[] JUNK = {"null", "1", "-1", "\"x\"", "[]", "{}", "true", "\"{% %}\"", "1.5", "\"$\""};

    @Test
    void corrupted_definitions_give_findings_never_exceptions() throws IOException {
        List<String> sources;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/parser/valid"))) {
            sources = s.sorted().map(p -> {
                try { return Files.readString(p); } catch (IOException e) { throw new RuntimeException(e); }
            }).toList();
        }
        Random random = new Random(20261124);
        for (int i = 0; i < 1000; i++) {
            String src = sources.get(random.nextInt(sources.size()));
            String mutated = mutate(src, random);
            ParseResult r = Parser.parse(mutated);
            assertThat(r).as(mutated).isNotNull();
            if (r instanceof ParseResult.Invalid(List<Finding> f)) assertThat(f).as(mutated).isNotEmpty();
        }
    }

    /** Replaces one JSON value (after a ':' or '[') with junk, or truncates the text. */
    private static String mutate(String src, Random random) {
        if (random.nextInt(10) == 0) return src.substring(0, random.nextInt(src.length()));
        int at = random.nextInt(src.length());
        int colon = src.indexOf(':', at);
        if (colon < 0) return src;
        int end = colon + 1;
        while (end < src.length() && ",}\n".indexOf(src.charAt(end)) < 0) end++;
        if (src.charAt(end - 1) == '{' || src.charAt(end - 1) == '[') return src;
        return src.substring(0, colon + 1) + " " + JUNK[random.nextInt(JUNK.length)] + src.substring(end);
    }
}
